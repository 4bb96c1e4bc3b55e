/**
 * Which Azure cloud a vault URL belongs to, and the Entra ID sign-in authority
 * of that cloud. A token for a sovereign vault's audience is issued only by
 * that cloud's authority; @azure/identity asks login.microsoftonline.com unless
 * told otherwise (DESIGN.md §12).
 * learn.microsoft.com/entra/identity-platform/authentication-national-cloud#microsoft-entra-authentication-endpoints
 * learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#dns-suffixes-for-object-identifiers
 *
 *   authorityHostFor("https://ops.vault.usgovcloudapi.net", {})
 *   // "https://login.microsoftonline.us"
 *   authorityHostFor("https://ops.vault.usgovcloudapi.net", { AZURE_AUTHORITY_HOST: "https://login.example" })
 *   // undefined: the explicit variable wins, and @azure/identity reads it itself
 */

export type AzureCloudName = "AzurePublicCloud" | "AzureUSGovernment" | "AzureChinaCloud";

interface CloudFacts {
    vaultSuffix: string;
    /** The value of @azure/identity's AzureAuthorityHosts for this cloud. */
    authorityHost: string;
}

export const AZURE_CLOUDS: Readonly<Record<AzureCloudName, CloudFacts>> = {
    AzurePublicCloud: { vaultSuffix: ".vault.azure.net", authorityHost: "https://login.microsoftonline.com" },
    AzureUSGovernment: { vaultSuffix: ".vault.usgovcloudapi.net", authorityHost: "https://login.microsoftonline.us" },
    AzureChinaCloud: { vaultSuffix: ".vault.azure.cn", authorityHost: "https://login.chinacloudapi.cn" },
};

/** The cloud of a vault URL by its DNS suffix; undefined for a private, loopback or unparsable URL. */
export function cloudOfVaultUrl(vaultUrl: string): AzureCloudName | undefined {
    let host: string;
    try {
        host = new URL(vaultUrl).hostname.toLowerCase();
    } catch {
        return undefined;
    }
    for (const [name, facts] of Object.entries(AZURE_CLOUDS) as [AzureCloudName, CloudFacts][]) {
        if (host.endsWith(facts.vaultSuffix)) return name;
    }
    return undefined;
}

/** The cloud whose authority `authorityHost` is (trailing slash and case ignored). */
export function cloudOfAuthorityHost(authorityHost: string): AzureCloudName | undefined {
    const wanted = authorityHost.trim().replace(/\/+$/, "").toLowerCase();
    return (Object.keys(AZURE_CLOUDS) as AzureCloudName[]).find((name) => AZURE_CLOUDS[name].authorityHost === wanted);
}

/**
 * The authorityHost to give @azure/identity for this vault, or undefined to leave the library's own
 * choice: an explicit AZURE_AUTHORITY_HOST wins (the library reads it), and a vault URL of no known
 * cloud (a private endpoint, an emulator) keeps the library default.
 */
export function authorityHostFor(vaultUrl: string, env: NodeJS.ProcessEnv): string | undefined {
    if (env.AZURE_AUTHORITY_HOST) return undefined;
    const cloud = cloudOfVaultUrl(vaultUrl);
    return cloud === undefined ? undefined : AZURE_CLOUDS[cloud].authorityHost;
}
