/**
 * certdeploy/provider: what runs inside the Pulumi dynamic-provider host.
 * The serialized `__provider` of every resource requires this module by package
 * name. Cloud SDKs load on first use, so a stack with one target never loads the other's.
 * Both providers run guarded: each call knows its secrets, and nothing it
 * returns or throws carries them (redaction/guarded-provider.ts).
 */
import { AcmCertificateSecretInputs, KeyVaultCertificateSecretInputs } from "../sdk/schema-types";
import { acmProvider as acm } from "./acm/provider";
import { keyVaultProvider as keyVault } from "./keyvault/provider";
import { guardedProvider } from "./redaction/guarded-provider";

export const acmProvider = guardedProvider(acm, AcmCertificateSecretInputs);
export const keyVaultProvider = guardedProvider(keyVault, KeyVaultCertificateSecretInputs);
