/**
 * Which hosts the loopback CONNECT proxy may intercept.
 *
 * Vault data-plane suffixes per cloud and the Entra ID authority hosts:
 * https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#dns-suffixes-for-object-identifiers
 * https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud#microsoft-entra-authentication-endpoints
 */

export type AzureCloud = "public" | "china" | "usgov";

export interface CloudEndpoints {
    vaultSuffix: string;
    /** Authority host Key Vault's challenge names (and @azure/identity's AzureAuthorityHosts). */
    loginHost: string;
    /** Hosts MSAL may actually contact for that authority (its instance metadata's preferred_network). */
    loginNetworkHosts: readonly string[];
    /** Key Vault's resource / token audience in that cloud. */
    vaultResource: string;
}

export const CLOUD_ENDPOINTS: Readonly<Record<AzureCloud, CloudEndpoints>> = {
    public: {
        vaultSuffix: "vault.azure.net",
        loginHost: "login.microsoftonline.com",
        loginNetworkHosts: ["login.microsoftonline.com"],
        vaultResource: "https://vault.azure.net",
    },
    china: {
        vaultSuffix: "vault.azure.cn",
        loginHost: "login.chinacloudapi.cn",
        // MSAL's hardcoded metadata sends login.chinacloudapi.cn traffic to login.partner.microsoftonline.cn.
        loginNetworkHosts: ["login.chinacloudapi.cn", "login.partner.microsoftonline.cn"],
        vaultResource: "https://vault.azure.cn",
    },
    usgov: {
        vaultSuffix: "vault.usgovcloudapi.net",
        loginHost: "login.microsoftonline.us",
        loginNetworkHosts: ["login.microsoftonline.us"],
        vaultResource: "https://vault.usgovcloudapi.net",
    },
};

/** `*.vault.azure.net` style patterns; `*` is exactly one DNS label. */
export const AZURE_HOST_ALLOW_LIST: readonly string[] = [
    ...Object.values(CLOUD_ENDPOINTS).map((c) => `*.${c.vaultSuffix}`),
    ...Object.values(CLOUD_ENDPOINTS).flatMap((c) => c.loginNetworkHosts),
];

/** Every login host of every cloud: what the token emulator answers for. */
export const AZURE_LOGIN_HOSTS: readonly string[] = Object.values(CLOUD_ENDPOINTS).flatMap((c) => c.loginNetworkHosts);

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** True when `host` (no port) matches `pattern`; comparison is case-insensitive. */
export function hostMatchesPattern(host: string, pattern: string): boolean {
    const h = host.toLowerCase();
    const p = pattern.toLowerCase();
    if (!p.startsWith("*.")) return h === p;
    const suffix = p.slice(1); // ".vault.azure.net"
    if (!h.endsWith(suffix)) return false;
    return DNS_LABEL.test(h.slice(0, -suffix.length));
}

export function isAllowedHost(host: string, allowList: readonly string[] = AZURE_HOST_ALLOW_LIST): boolean {
    return allowList.some((pattern) => hostMatchesPattern(host, pattern));
}

/** The cloud a vault host belongs to, or undefined for loopback/unknown hosts. */
export function cloudOfVaultHost(host: string): AzureCloud | undefined {
    const h = host.toLowerCase();
    for (const [cloud, endpoints] of Object.entries(CLOUD_ENDPOINTS) as [AzureCloud, CloudEndpoints][]) {
        if (hostMatchesPattern(h, `*.${endpoints.vaultSuffix}`)) return cloud;
    }
    return undefined;
}

export function vaultHost(vaultName: string, cloud: AzureCloud = "public"): string {
    return `${vaultName.toLowerCase()}.${CLOUD_ENDPOINTS[cloud].vaultSuffix}`;
}
