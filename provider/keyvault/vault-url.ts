/**
 * Key Vault URL rules. Known DNS suffixes per cloud; `.vault.microsoftazure.de`
 * is retired and Managed HSM has no certificates.
 * learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates
 */
import { error, Problem, warning } from "../material/problem";
import { hasUserInfo, USER_INFO_REFUSAL } from "../validate/user-info";

export const KNOWN_VAULT_SUFFIXES = [".vault.azure.net", ".vault.azure.cn", ".vault.usgovcloudapi.net"];
// learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#vault-name-and-object-name
const VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

export interface VaultUrl {
    /** Normalised base URL without trailing slash, e.g. `https://prod-vault.vault.azure.net`. */
    base: string;
    host: string;
    vaultName: string;
}

export function parseVaultUrl(text: string): VaultUrl | undefined {
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        return undefined;
    }
    const host = url.host.toLowerCase();
    return { base: `${url.protocol}//${host}`, host, vaultName: host.split(".")[0] };
}

export function checkVaultUrl(text: string): Problem[] {
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        return [error("vaultUrl", "is not a URL; expected https://<vault-name>.vault.azure.net")];
    }
    const problems: Problem[] = [];
    const host = url.hostname.toLowerCase();
    if (url.protocol !== "https:")
        problems.push(
            error(
                "vaultUrl",
                `uses ${url.protocol.replace(":", "")}; Key Vault is reached only over https — use https://${host}`,
            ),
        );
    if (url.pathname !== "/" && url.pathname !== "")
        problems.push(
            error("vaultUrl", `has a path (${url.pathname}); give only the vault's base URL, e.g. https://${host}`),
        );
    if (hasUserInfo(url)) problems.push(error("vaultUrl", USER_INFO_REFUSAL));
    if (url.search || url.hash)
        problems.push(error("vaultUrl", "must not have a query or fragment; give only the vault's base URL"));
    if (host.endsWith(".managedhsm.azure.net"))
        return [
            ...problems,
            error("vaultUrl", "is a Managed HSM; Managed HSM stores keys only, not certificates — use a Key Vault"),
        ];
    if (host.endsWith(".vault.microsoftazure.de"))
        return [
            ...problems,
            error(
                "vaultUrl",
                "uses the retired Azure Germany cloud (.vault.microsoftazure.de); move the vault to a current cloud",
            ),
        ];
    const suffix = KNOWN_VAULT_SUFFIXES.find((s) => host.endsWith(s));
    if (!suffix) {
        problems.push(
            warning(
                "vaultUrl",
                `has the host ${host}, which is not a known Key Vault suffix (${KNOWN_VAULT_SUFFIXES.join(", ")}); continuing, as for a private or test endpoint`,
            ),
        );
        return problems;
    }
    const name = host.slice(0, -suffix.length);
    if (!VAULT_NAME.test(name)) {
        problems.push(
            error(
                "vaultUrl",
                `names the vault "${name}", which is not a valid vault name: 3-24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit`,
            ),
        );
    }
    return problems;
}
