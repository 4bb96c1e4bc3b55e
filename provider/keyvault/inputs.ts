/**
 * Key Vault-specific input checks beyond schema.json: vault URL, ARM id agreement,
 * tags, and which keys Key Vault can import (key-limits.ts).
 * learn.microsoft.com/rest/api/keyvault/certificates/import-certificate/import-certificate
 */
import type { KeyVaultCertificateInputs } from "../../sdk/schema-types";
import type { MaterialBundle } from "../material/bundle";
import { describeKey } from "../material/key";
import { error, Problem, warning } from "../material/problem";
import { AZURE_CLOUDS, cloudOfAuthorityHost, cloudOfVaultUrl } from "./cloud";
import { keyVaultImportsKey, SUPPORTED_KEY_VAULT_KEYS } from "./key-limits";
import { checkTags, TagLimits } from "../validate/tags";
import { checkVaultUrl, parseVaultUrl } from "./vault-url";
import type { TargetRules } from "../validate/check-inputs";

// Key Vault accepts at most 15 tags per object version.
export const KEY_VAULT_TAG_LIMITS: TagLimits = {
    maxTags: 15,
    maxKeyLength: 512,
    maxValueLength: 256,
    reservedPrefixes: [],
    certdeployTags: 4,
    source: "Key Vault",
};

export function checkKeyVaultInputs(inputs: Partial<KeyVaultCertificateInputs>): Problem[] {
    const problems: Problem[] = [...checkTags(inputs.tags, KEY_VAULT_TAG_LIMITS)];
    if (inputs.vaultUrl !== undefined)
        problems.push(...checkVaultUrl(inputs.vaultUrl), ...checkAuthorityHost(inputs.vaultUrl, process.env));
    if (inputs.vaultResourceId !== undefined && inputs.vaultUrl !== undefined) {
        const idName = inputs.vaultResourceId.split("/").pop()?.toLowerCase();
        const urlName = parseVaultUrl(inputs.vaultUrl)?.vaultName;
        if (urlName && idName !== urlName) {
            problems.push(
                error(
                    "vaultResourceId",
                    `names the vault "${idName}" but vaultUrl names "${urlName}"; both must point at the same vault`,
                ),
            );
        }
    }
    if (inputs.clientId !== undefined && (inputs.credentialMode ?? "default") === "client_secret") {
        problems.push(
            error(
                "clientId",
                "is not used with credentialMode client_secret, which reads AZURE_CLIENT_ID from the environment; remove it",
            ),
        );
    }
    return problems;
}

/** An AZURE_AUTHORITY_HOST of another cloud than the vault's: Entra ID would refuse the token (AADSTS500011). */
export function checkAuthorityHost(vaultUrl: string, env: NodeJS.ProcessEnv): Problem[] {
    const vaultCloud = cloudOfVaultUrl(vaultUrl);
    const explicit = env.AZURE_AUTHORITY_HOST;
    if (vaultCloud === undefined || !explicit) return [];
    const authorityCloud = cloudOfAuthorityHost(explicit);
    if (authorityCloud === undefined || authorityCloud === vaultCloud) return [];
    return [
        warning(
            "vaultUrl",
            `is a vault in ${vaultCloud}, but AZURE_AUTHORITY_HOST names the ${authorityCloud} authority, which issues no tokens for it; unset AZURE_AUTHORITY_HOST (certdeploy then signs in at ${AZURE_CLOUDS[vaultCloud].authorityHost}) or set it to that host`,
        ),
    ];
}

export function checkKeyVaultMaterial(bundle: MaterialBundle): Problem[] {
    const { key } = bundle;
    if (keyVaultImportsKey(key)) return [];
    return [
        error(
            "privateKeyPem",
            `is ${describeKey(key)}; Key Vault imports ${SUPPORTED_KEY_VAULT_KEYS} keys — reissue the certificate with a supported key`,
        ),
    ];
}

/** The KeyVaultCertificate rules the shared check flow (check-inputs.ts) runs. */
export const KEY_VAULT_RULES: TargetRules<KeyVaultCertificateInputs> = {
    token: "certdeploy:index:KeyVaultCertificate",
    inputs: checkKeyVaultInputs,
    material: (bundle) => checkKeyVaultMaterial(bundle),
};
