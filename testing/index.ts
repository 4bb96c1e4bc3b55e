/**
 * `certdeploy/testing`: local stand-ins for AWS Certificate Manager, Azure Key
 * Vault and Entra ID, so a Pulumi program that uses certdeploy can be tested
 * offline, on loopback only, with the real AWS and Azure SDKs unmodified.
 *
 * ```ts
 * import { startAcmEmulator, startAzureWorld, createTestHierarchy } from "certdeploy/testing";
 *
 * const acm = await startAcmEmulator();                        // acm.endpoint → AcmCertificate.endpoint
 * const azure = await startAzureWorld({ vaults: ["prod-vault"] });
 * const env = azure.env("managed_identity");                   // HTTPS_PROXY, NODE_EXTRA_CA_CERTS, IDENTITY_ENDPOINT, …
 * const { leaf, chainPem } = await createTestHierarchy("api.example.com");
 * // … run `pulumi up` with `env`, then read what is live:
 * acm.certificates();  azure.keyVault.latest("api-prod");
 * await acm.close(); await azure.close();
 * ```
 *
 * See testing/README.md for the whole surface and what each emulator checks.
 */
export {
    ACM_KEY_ALGORITHMS,
    ACM_OPERATIONS,
    AcmServiceError,
    DEFAULT_ACCOUNT_ID,
    DOCUMENTED_RATE_LIMITS,
    startAcmEmulator,
    type AcmEmulator,
    type AcmEmulatorOptions,
    type AcmExceptionName,
    type AcmKeyAlgorithm,
    type AcmOperation,
    type CertificateSnapshot,
    type FaultHandle as AcmFaultHandle,
    type FaultKind as AcmFaultKind,
    type FaultSpec as AcmFaultSpec,
} from "./acm";
export {
    KEY_VAULT_OPERATIONS,
    startKeyVaultEmulator,
    type DeletedSummary,
    type FaultKind as KeyVaultFaultKind,
    type FaultSpec as KeyVaultFaultSpec,
    type KeyVaultEmulator,
    type KeyVaultEmulatorOptions,
    type KeyVaultOperation,
    type OutOfBandImport,
    type VersionSummary,
} from "./keyvault";
export { startAzureWorld, type AzureWorld, type AzureWorldOptions, type VaultSpec } from "./keyvault/world";
export { startTokenEmulator, type CredentialMode, type TokenEmulator, type TokenEmulatorOptions } from "./identity";
export {
    createTestCa,
    startConnectProxy,
    writeCaFile,
    type ConnectProxy,
    type ConnectProxyOptions,
    type TestCa,
} from "./tls";
export {
    hierarchy as createTestHierarchy,
    issue as issueTestCertificate,
    type Hierarchy,
    type IssueOptions,
    type Issued,
    type KeySpec,
} from "./pki";
