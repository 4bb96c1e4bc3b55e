// Generated from schema.json by tools/schema-types.ts. Do not edit: run `npm run generate`.

export type AcmDeletionPolicy = "delete" | "retain";

export type AcmRotation = "in_place" | "blue_green";

export type KeyVaultDeletionPolicy = "softDelete" | "purge" | "retain";

export type CredentialMode = "default" | "managed_identity" | "client_secret" | "workload_identity";

export type DeploymentResult = "succeeded" | "rolled_back" | "rollback_failed";

export interface DeploymentStep {
    /** snapshot, import, tag, verify, rollback, rollback_verify, rollback_tags, cleanup, serving (ok when every serving check matched) */
    step: string;
    ms: number;
    ok: boolean;
}

/** Record of one create/update transaction. */
export interface Deployment {
    /** ISO 8601 start time. */
    attemptedAt: string;
    result: DeploymentResult;
    /** Serial live before the transaction (empty on create). */
    previousSerial: string;
    /** Serial live after the transaction. */
    serial: string;
    steps: DeploymentStep[];
    /** Cloud API calls made by the transaction. */
    apiCalls: number;
    /** What went wrong, when result is not `succeeded`. */
    message?: string;
}

/** An IAM role that this resource's ACM calls run as (sts:AssumeRole), with the default credential chain's identity (or `profile`'s) as the caller. The role's trust policy must allow that caller; the role needs the ACM permissions listed in the runbook. */
export interface AssumeRole {
    /** ARN of the role to assume, e.g. `arn:aws:iam::123456789012:role/certdeploy-deployer`. Its partition must be the region's (`aws-us-gov` for `us-gov-*`, `aws-cn` for `cn-*`), and a pinned `certificateArn` must be in the role's account. */
    roleArn: string;
    /** The external id the role's trust policy requires (`sts:ExternalId` condition), as a third party deploying into your account is given it. 2–1,224 characters of letters, digits and `_+=,.@:/-`. */
    externalId?: string;
    /** Role session name, shown in CloudTrail as the assumed-role session. Default: `certdeploy-` and the resource's `certificateId` with other characters as `-`, cut to 64 (e.g. `certdeploy-shop-prod-api`). 2–64 characters of letters, digits and `_+=,.@-`. */
    sessionName?: string;
}

/** An endpoint that should serve the deployed certificate: after verify, certdeploy opens a TLS handshake to it (no trust decision, only comparison) and polls until the served leaf's SHA-256 fingerprint is the deployed one or `timeoutSeconds` passes. Consumers lag (see the runbook): an ALB serves a re-import within minutes, CloudFront within 24 hours, Application Gateway every 4 hours. */
export interface ServingCheck {
    /** `host:port` to connect to, e.g. `api.example.com:443`, `10.0.0.5:8443` or `[2001:db8::1]:443` (IPv6 in brackets). Port 1–65535. */
    endpoint: string;
    /** TLS SNI server name to send, e.g. `api.example.com`. Default: the endpoint's host; none when the host is an IP address (SNI cannot carry an IP). Must be a DNS name. */
    serverName?: string;
    /** How long to poll until the endpoint serves the deployed certificate, in seconds (0 means one handshake, no polling; at most 86400). Default 300. */
    timeoutSeconds?: number;
    /** When `true`, a check that does not match in time fails the deployment, which rolls back (the previous certificate is live again; a fresh create is removed). Default `false`: a mismatch is a warning and the deployment succeeds. */
    required?: boolean;
}

/** What one serving check saw last, e.g. `{ endpoint: "api.example.com:443", matched: true, servedFingerprintSha256: "ab:cd:…", checkedAt: "2026-12-01T12:00:00.000Z" }`. */
export interface ServingStatus {
    /** The check's `host:port`. */
    endpoint: string;
    /** True when the endpoint served the deployed leaf before the check's timeout. */
    matched: boolean;
    /** SHA-256 fingerprint of the leaf the endpoint served last, lowercase colon-separated hex; empty when no handshake succeeded. */
    servedFingerprintSha256: string;
    /** ISO 8601 time of the last handshake attempt. */
    checkedAt: string;
    /** Why the last handshake failed (refused, timed out, not TLS), when it did. */
    error?: string;
}

/** Inputs of AcmCertificate: An imported certificate in AWS Certificate Manager, rotated in place (same ARN) with verification and rollback. */
export interface AcmCertificateInputs {
    /** AWS region that holds the certificate, e.g. `us-east-1` (CloudFront requires `us-east-1`). */
    region: string;
    /** The leaf certificate, PEM (`-----BEGIN CERTIFICATE-----`). Only the leaf: intermediates go in `chainPem`. Whitespace and line endings are not significant. */
    certificatePem: string;
    /** The leaf's private key, PEM: PKCS#8 (`BEGIN PRIVATE KEY`), PKCS#1 (`BEGIN RSA PRIVATE KEY`) or SEC1 (`BEGIN EC PRIVATE KEY`), unencrypted. Always stored as a Pulumi secret; never logged. */
    privateKeyPem: string;
    /** Intermediate certificates, PEM, leaf's issuer first and each next one issuing the previous. Do not repeat the leaf; the root may be omitted. */
    chainPem?: string;
    /** Pin an existing imported certificate and rotate it in place, e.g. `arn:aws:acm:us-east-1:123456789012:certificate/0b8f0b4c-1c3a-4e0e-9b5c-2a6f5f0c1e11`. It must be in `region`. */
    certificateArn?: string;
    /** Operator tags applied on every deployment. Keys starting with `certdeploy-` are reserved for provenance tags and refused. */
    tags?: Record<string, string>;
    /** Provenance id written to the `certdeploy-certificate-id` tag. Defaults to `<project>/<stack>/<resource name>`. A target already tagged with another id is refused, so two stacks never fight over one certificate. */
    certificateId?: string;
    /** ACM endpoint override, e.g. a VPC interface endpoint `https://vpce-0a1b-acm.us-east-1.vpce.amazonaws.com`, a FIPS endpoint, or a local emulator. Default: the SDK's regional endpoint. */
    endpoint?: string;
    /** What `pulumi destroy` does: `delete` the certificate or `retain` it. Default: delete an ARN this resource created, retain a pinned `certificateArn` (see `adopted`). Either way an ARN whose `certdeploy-claim` tag is no longer this resource's `ownershipClaim` (another resource or a person holds it now) is retained. */
    deletionPolicy?: AcmDeletionPolicy;
    /** How a certificate change reaches ACM: `in_place` (default) re-imports into the same ARN; `blue_green` replaces the resource for every change of `certificatePem`, `privateKeyPem` or `chainPem` — a new ARN, created and verified first with its own `ownershipClaim`, consumers repointed by Pulumi, the previous ARN deleted last (after its `servingChecks` endpoints stop serving it). Changing `rotation` itself, or only `tags`, is an update in place. `blue_green` cannot be combined with `certificateArn`, which pins one ARN. */
    rotation?: AcmRotation;
    /** When the live certificate is not the one recorded in state (someone changed it outside Pulumi), a rotation stops with a drift error. Set `true` to overwrite it anyway. Default `false`. */
    overwriteDrift?: boolean;
    /** Deploy into another AWS account: assume this IAM role (through the AWS SDK's own credential provider, fromTemporaryCredentials) for every ACM call of this resource. No credential is ever an input: the caller is the default chain's identity, or `profile`'s. */
    assumeRole?: AssumeRole;
    /** A named profile of the shared AWS config/credentials files (`~/.aws/config`, or `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`) to take this resource's credentials from, through the AWS SDK's fromIni (role_arn/source_profile, SSO, credential_process and web identity profiles work). With `assumeRole`, the profile's identity assumes the role. Default: the SDK's default chain. */
    profile?: string;
    /** Endpoints that should serve this certificate once deployed (load balancers, gateways), checked after verify by TLS handshake with SNI, in parallel; see `ServingCheck`. A change of `servingChecks` alone re-runs the checks without importing. Refresh does not run them. At most 64 checks; duplicates (same endpoint and server name) are refused. */
    servingChecks?: ServingCheck[];
}

/** Outputs of AcmCertificate. */
export interface AcmCertificateOutputs {
    /** AWS region that holds the certificate, e.g. `us-east-1` (CloudFront requires `us-east-1`). */
    region: string;
    /** The leaf certificate, PEM (`-----BEGIN CERTIFICATE-----`). Only the leaf: intermediates go in `chainPem`. Whitespace and line endings are not significant. */
    certificatePem: string;
    /** The leaf's private key, PEM: PKCS#8 (`BEGIN PRIVATE KEY`), PKCS#1 (`BEGIN RSA PRIVATE KEY`) or SEC1 (`BEGIN EC PRIVATE KEY`), unencrypted. Always stored as a Pulumi secret; never logged. */
    privateKeyPem: string;
    /** Intermediate certificates, PEM, leaf's issuer first and each next one issuing the previous. Do not repeat the leaf; the root may be omitted. */
    chainPem?: string;
    /** Pin an existing imported certificate and rotate it in place, e.g. `arn:aws:acm:us-east-1:123456789012:certificate/0b8f0b4c-1c3a-4e0e-9b5c-2a6f5f0c1e11`. It must be in `region`. */
    certificateArn?: string;
    /** Operator tags applied on every deployment. Keys starting with `certdeploy-` are reserved for provenance tags and refused. */
    tags?: Record<string, string>;
    /** Provenance id written to the `certdeploy-certificate-id` tag. Defaults to `<project>/<stack>/<resource name>`. A target already tagged with another id is refused, so two stacks never fight over one certificate. */
    certificateId: string;
    /** ACM endpoint override, e.g. a VPC interface endpoint `https://vpce-0a1b-acm.us-east-1.vpce.amazonaws.com`, a FIPS endpoint, or a local emulator. Default: the SDK's regional endpoint. */
    endpoint?: string;
    /** What `pulumi destroy` does: `delete` the certificate or `retain` it. Default: delete an ARN this resource created, retain a pinned `certificateArn` (see `adopted`). Either way an ARN whose `certdeploy-claim` tag is no longer this resource's `ownershipClaim` (another resource or a person holds it now) is retained. */
    deletionPolicy?: AcmDeletionPolicy;
    /** How a certificate change reaches ACM: `in_place` (default) re-imports into the same ARN; `blue_green` replaces the resource for every change of `certificatePem`, `privateKeyPem` or `chainPem` — a new ARN, created and verified first with its own `ownershipClaim`, consumers repointed by Pulumi, the previous ARN deleted last (after its `servingChecks` endpoints stop serving it). Changing `rotation` itself, or only `tags`, is an update in place. `blue_green` cannot be combined with `certificateArn`, which pins one ARN. */
    rotation?: AcmRotation;
    /** When the live certificate is not the one recorded in state (someone changed it outside Pulumi), a rotation stops with a drift error. Set `true` to overwrite it anyway. Default `false`. */
    overwriteDrift?: boolean;
    /** Deploy into another AWS account: assume this IAM role (through the AWS SDK's own credential provider, fromTemporaryCredentials) for every ACM call of this resource. No credential is ever an input: the caller is the default chain's identity, or `profile`'s. */
    assumeRole?: AssumeRole;
    /** A named profile of the shared AWS config/credentials files (`~/.aws/config`, or `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`) to take this resource's credentials from, through the AWS SDK's fromIni (role_arn/source_profile, SSO, credential_process and web identity profiles work). With `assumeRole`, the profile's identity assumes the role. Default: the SDK's default chain. */
    profile?: string;
    /** The certificate ARN, for ALB listeners, CloudFront and API Gateway, e.g. `arn:aws:acm:us-east-1:123456789012:certificate/0b8f0b4c-1c3a-4e0e-9b5c-2a6f5f0c1e11`. Stable across rotations. */
    arn: string;
    /** Serial number of the live certificate in ACM's form: lowercase colon-separated hex, e.g. `0a:1b:2c`. */
    serial: string;
    /** Start of validity, ISO 8601. */
    notBefore: string;
    /** End of validity, ISO 8601. */
    notAfter: string;
    /** ACM key algorithm, e.g. `RSA_2048`, `EC_prime256v1`. */
    keyAlgorithm: string;
    /** The certificate's primary domain name (subject CN, or first DNS SAN). */
    domainName: string;
    /** DNS names in the certificate. */
    subjectAlternativeNames: string[];
    /** SHA-256 fingerprint of the leaf, lowercase colon-separated hex. */
    fingerprintSha256: string;
    /** This resource instance's claim on the certificate, also written to its `certdeploy-claim` tag, e.g. `created:5f0c2a1e-3b7d-4c9a-9e61-0d2f8b7a4c13` (`adopted:…` when the certificate existed before certdeploy). Destroy removes the certificate only while the live tag still carries this claim; otherwise it is retained and the other holder named. Absent in states written before claims existed. */
    ownershipClaim?: string;
    /** True when the certificate existed before certdeploy took it over (a pinned `certificateArn`, a Key Vault name taken over with `overwriteDrift`): destroy then retains it unless `deletionPolicy` says otherwise. */
    adopted?: boolean;
    /** SHA-256 fingerprints of CA certificates ACM's GetCertificate returns after the chain that was imported (moto, and by its account AWS, append a root). Tolerated, never a mismatch; absent when there are none. */
    trailingChainFingerprints?: string[];
    /** ARNs of the AWS resources using the certificate, as of the last create, update or refresh. */
    inUseBy?: string[];
    /** Endpoints that should serve this certificate once deployed (load balancers, gateways), checked after verify by TLS handshake with SNI, in parallel; see `ServingCheck`. A change of `servingChecks` alone re-runs the checks without importing. Refresh does not run them. At most 64 checks; duplicates (same endpoint and server name) are refused. */
    servingChecks?: ServingCheck[];
    /** One entry per `servingChecks` entry, in order: what the endpoint served at the last deployment or serving-check run. Absent without `servingChecks`. */
    servingStatus?: ServingStatus[];
    /** The record of the last create/update transaction: result, serials, steps with durations, API calls. */
    lastDeployment: Deployment;
    /** Version of the state layout written by certdeploy; older states are migrated on read and update. */
    stateVersion: number;
}

/** Outputs of AcmCertificate that are not inputs: registered as undefined so the engine reports them back. */
export const AcmCertificateOutputOnly = ["arn","serial","notBefore","notAfter","keyAlgorithm","domainName","subjectAlternativeNames","fingerprintSha256","ownershipClaim","adopted","trailingChainFingerprints","inUseBy","servingStatus","lastDeployment","stateVersion"] as const;

/** Inputs of AcmCertificate that are always secrets. */
export const AcmCertificateSecretInputs = ["privateKeyPem"] as const;

/** Inputs of KeyVaultCertificate: A certificate in Azure Key Vault; each rotation adds a verified version, consumers follow the version-less ids. */
export interface KeyVaultCertificateInputs {
    /** Key Vault URL, e.g. `https://prod-vault.vault.azure.net` (also `.vault.azure.cn`, `.vault.usgovcloudapi.net`). */
    vaultUrl: string;
    /** Certificate name in the vault: 1-127 characters of `0-9a-zA-Z-`, case-insensitive. */
    certificateName: string;
    /** The leaf certificate, PEM (`-----BEGIN CERTIFICATE-----`). Only the leaf: intermediates go in `chainPem`. Whitespace and line endings are not significant. */
    certificatePem: string;
    /** The leaf's private key, PEM: PKCS#8 (`BEGIN PRIVATE KEY`), PKCS#1 (`BEGIN RSA PRIVATE KEY`) or SEC1 (`BEGIN EC PRIVATE KEY`), unencrypted. Always stored as a Pulumi secret; never logged. */
    privateKeyPem: string;
    /** Intermediate certificates, PEM, leaf's issuer first and each next one issuing the previous. Do not repeat the leaf; the root may be omitted. */
    chainPem?: string;
    /** Operator tags applied on every deployment. Keys starting with `certdeploy-` are reserved for provenance tags and refused. */
    tags?: Record<string, string>;
    /** Provenance id written to the `certdeploy-certificate-id` tag. Defaults to `<project>/<stack>/<resource name>`. A target already tagged with another id is refused, so two stacks never fight over one certificate. */
    certificateId?: string;
    /** Which `@azure/identity` credential to use: `default` (DefaultAzureCredential), `managed_identity`, `client_secret` (AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET from the environment) or `workload_identity`. No secret is ever an input. Default `default`. */
    credentialMode?: CredentialMode;
    /** Client id of a user-assigned managed identity or of the workload identity application. */
    clientId?: string;
    /** Entra ID tenant id for `client_secret` and `workload_identity`. */
    tenantId?: string;
    /** ARM id of the vault, e.g. `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/prod-vault`, to emit `resourceManagerVersionlessSecretId` for Front Door. */
    vaultResourceId?: string;
    /** What `pulumi destroy` does: `softDelete` (default for a name this resource created; recoverable for the vault's retention period), `purge` (soft delete, then purge; refused under purge protection) or `retain` (default for a name taken over with `overwriteDrift`, see `adopted`). Either way a name whose latest version's `certdeploy-claim` tag is no longer this resource's `ownershipClaim` is retained. */
    deletionPolicy?: KeyVaultDeletionPolicy;
    /** When the live certificate is not the one recorded in state (someone changed it outside Pulumi), a rotation stops with a drift error. Set `true` to overwrite it anyway. Default `false`. */
    overwriteDrift?: boolean;
    /** When `certificateName` is soft-deleted (by an earlier destroy, or by hand), recover it first — all its versions and their tags come back — wait until the recovery has finished, then import the new version onto it. Needs the RBAC data action `Microsoft.KeyVault/vaults/certificates/recover/action` (part of Key Vault Certificates Officer). A soft-deleted certificate of another `certificateId` is never recovered; one not managed by certdeploy needs `overwriteDrift: true` as well. Default `false`: the deployment stops and says how to recover or purge the name by hand. */
    recoverSoftDeleted?: boolean;
    /** Endpoints that should serve this certificate once deployed (load balancers, gateways), checked after verify by TLS handshake with SNI, in parallel; see `ServingCheck`. A change of `servingChecks` alone re-runs the checks without importing. Refresh does not run them. At most 64 checks; duplicates (same endpoint and server name) are refused. */
    servingChecks?: ServingCheck[];
}

/** Outputs of KeyVaultCertificate. */
export interface KeyVaultCertificateOutputs {
    /** Key Vault URL, e.g. `https://prod-vault.vault.azure.net` (also `.vault.azure.cn`, `.vault.usgovcloudapi.net`). */
    vaultUrl: string;
    /** Certificate name in the vault: 1-127 characters of `0-9a-zA-Z-`, case-insensitive. */
    certificateName: string;
    /** The leaf certificate, PEM (`-----BEGIN CERTIFICATE-----`). Only the leaf: intermediates go in `chainPem`. Whitespace and line endings are not significant. */
    certificatePem: string;
    /** The leaf's private key, PEM: PKCS#8 (`BEGIN PRIVATE KEY`), PKCS#1 (`BEGIN RSA PRIVATE KEY`) or SEC1 (`BEGIN EC PRIVATE KEY`), unencrypted. Always stored as a Pulumi secret; never logged. */
    privateKeyPem: string;
    /** Intermediate certificates, PEM, leaf's issuer first and each next one issuing the previous. Do not repeat the leaf; the root may be omitted. */
    chainPem?: string;
    /** Operator tags applied on every deployment. Keys starting with `certdeploy-` are reserved for provenance tags and refused. */
    tags?: Record<string, string>;
    /** Provenance id written to the `certdeploy-certificate-id` tag. Defaults to `<project>/<stack>/<resource name>`. A target already tagged with another id is refused, so two stacks never fight over one certificate. */
    certificateId: string;
    /** Which `@azure/identity` credential to use: `default` (DefaultAzureCredential), `managed_identity`, `client_secret` (AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET from the environment) or `workload_identity`. No secret is ever an input. Default `default`. */
    credentialMode?: CredentialMode;
    /** Client id of a user-assigned managed identity or of the workload identity application. */
    clientId?: string;
    /** Entra ID tenant id for `client_secret` and `workload_identity`. */
    tenantId?: string;
    /** ARM id of the vault, e.g. `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/prod-vault`, to emit `resourceManagerVersionlessSecretId` for Front Door. */
    vaultResourceId?: string;
    /** What `pulumi destroy` does: `softDelete` (default for a name this resource created; recoverable for the vault's retention period), `purge` (soft delete, then purge; refused under purge protection) or `retain` (default for a name taken over with `overwriteDrift`, see `adopted`). Either way a name whose latest version's `certdeploy-claim` tag is no longer this resource's `ownershipClaim` is retained. */
    deletionPolicy?: KeyVaultDeletionPolicy;
    /** When the live certificate is not the one recorded in state (someone changed it outside Pulumi), a rotation stops with a drift error. Set `true` to overwrite it anyway. Default `false`. */
    overwriteDrift?: boolean;
    /** When `certificateName` is soft-deleted (by an earlier destroy, or by hand), recover it first — all its versions and their tags come back — wait until the recovery has finished, then import the new version onto it. Needs the RBAC data action `Microsoft.KeyVault/vaults/certificates/recover/action` (part of Key Vault Certificates Officer). A soft-deleted certificate of another `certificateId` is never recovered; one not managed by certdeploy needs `overwriteDrift: true` as well. Default `false`: the deployment stops and says how to recover or purge the name by hand. */
    recoverSoftDeleted?: boolean;
    /** Version-less certificate id, e.g. `https://prod-vault.vault.azure.net/certificates/api-prod`. Stable across rotations. */
    versionlessId: string;
    /** Version-less secret id for Application Gateway `keyVaultSecretId`, e.g. `https://prod-vault.vault.azure.net/secrets/api-prod`. Consumers pick up each new version themselves. */
    versionlessSecretId: string;
    /** Id of the version this deployment created, e.g. `https://prod-vault.vault.azure.net/certificates/api-prod/4387e9f3d6e14c459867679a90fd0f79`. */
    certificateVersionId: string;
    /** Secret id of that version, e.g. `https://prod-vault.vault.azure.net/secrets/api-prod/4387e9f3d6e14c459867679a90fd0f79`. */
    secretVersionId: string;
    /** The version this deployment created. */
    version: string;
    /** SHA-1 thumbprint (x5t) of the live version, uppercase hex as the Azure portal shows it. */
    thumbprint: string;
    /** Serial number of the live certificate, lowercase colon-separated hex. */
    serial: string;
    /** Start of validity, ISO 8601. */
    notBefore: string;
    /** End of validity, ISO 8601. */
    notAfter: string;
    /** SHA-256 fingerprint of the leaf, lowercase colon-separated hex. */
    fingerprintSha256: string;
    /** This resource instance's claim on the certificate, also written to its `certdeploy-claim` tag, e.g. `created:5f0c2a1e-3b7d-4c9a-9e61-0d2f8b7a4c13` (`adopted:…` when the certificate existed before certdeploy). Destroy removes the certificate only while the live tag still carries this claim; otherwise it is retained and the other holder named. Absent in states written before claims existed. */
    ownershipClaim?: string;
    /** True when the certificate existed before certdeploy took it over (a pinned `certificateArn`, a Key Vault name taken over with `overwriteDrift`): destroy then retains it unless `deletionPolicy` says otherwise. */
    adopted?: boolean;
    /** ARM-style version-less secret id for Front Door (only with `vaultResourceId`), e.g. `/subscriptions/…/providers/Microsoft.KeyVault/vaults/prod-vault/secrets/api-prod`. */
    resourceManagerVersionlessSecretId?: string;
    /** Endpoints that should serve this certificate once deployed (load balancers, gateways), checked after verify by TLS handshake with SNI, in parallel; see `ServingCheck`. A change of `servingChecks` alone re-runs the checks without importing. Refresh does not run them. At most 64 checks; duplicates (same endpoint and server name) are refused. */
    servingChecks?: ServingCheck[];
    /** One entry per `servingChecks` entry, in order: what the endpoint served at the last deployment or serving-check run. Absent without `servingChecks`. */
    servingStatus?: ServingStatus[];
    /** The record of the last create/update transaction: result, serials, steps with durations, API calls. */
    lastDeployment: Deployment;
    /** Version of the state layout written by certdeploy; older states are migrated on read and update. */
    stateVersion: number;
}

/** Outputs of KeyVaultCertificate that are not inputs: registered as undefined so the engine reports them back. */
export const KeyVaultCertificateOutputOnly = ["versionlessId","versionlessSecretId","certificateVersionId","secretVersionId","version","thumbprint","serial","notBefore","notAfter","fingerprintSha256","ownershipClaim","adopted","resourceManagerVersionlessSecretId","servingStatus","lastDeployment","stateVersion"] as const;

/** Inputs of KeyVaultCertificate that are always secrets. */
export const KeyVaultCertificateSecretInputs = ["privateKeyPem"] as const;
