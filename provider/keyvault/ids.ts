/**
 * Key Vault ids, built from the vault URL and certificate name.
 *
 * ```
 * keyVaultIds("https://prod-vault.vault.azure.net", "api-prod", "4387e9f3…", "/subscriptions/…/vaults/prod-vault")
 * → { versionlessId:       "https://prod-vault.vault.azure.net/certificates/api-prod",
 *     versionlessSecretId: "https://prod-vault.vault.azure.net/secrets/api-prod",
 *     certificateVersionId: "https://prod-vault.vault.azure.net/certificates/api-prod/4387e9f3…",
 *     secretVersionId:     "https://prod-vault.vault.azure.net/secrets/api-prod/4387e9f3…",
 *     resourceManagerVersionlessSecretId: "/subscriptions/…/vaults/prod-vault/secrets/api-prod" }
 * ```
 */
import { parseVaultUrl } from "./vault-url";

export interface KeyVaultIds {
    versionlessId: string;
    versionlessSecretId: string;
    certificateVersionId: string;
    secretVersionId: string;
    resourceManagerVersionlessSecretId?: string;
}

export function keyVaultIds(vaultUrl: string, name: string, version: string, vaultResourceId?: string): KeyVaultIds {
    const base = parseVaultUrl(vaultUrl)?.base ?? vaultUrl.replace(/\/+$/, "");
    return {
        versionlessId: `${base}/certificates/${name}`,
        versionlessSecretId: `${base}/secrets/${name}`,
        certificateVersionId: `${base}/certificates/${name}/${version}`,
        secretVersionId: `${base}/secrets/${name}/${version}`,
        ...(vaultResourceId ? { resourceManagerVersionlessSecretId: `${vaultResourceId}/secrets/${name}` } : {}),
    };
}
