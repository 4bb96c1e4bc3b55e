export { createTestCa, createSecureContextFrom } from "../pki";
export type { TestCa, TestCaOptions, IssuedServerCertificate } from "../pki";
export { startConnectProxy } from "./connect-proxy";
export type { ConnectProxy, ConnectProxyOptions, ProxyConnectRecord, ProxyOutcome } from "./connect-proxy";
export { writeCaFile } from "./ca-file";
export type { CaFile } from "./ca-file";
export {
    AZURE_HOST_ALLOW_LIST,
    AZURE_LOGIN_HOSTS,
    CLOUD_ENDPOINTS,
    cloudOfVaultHost,
    hostMatchesPattern,
    isAllowedHost,
    vaultHost,
} from "./host-patterns";
export type { AzureCloud, CloudEndpoints } from "./host-patterns";
export { httpsRequest, connectTunnel } from "./https-request";
export type { HttpsRequestOptions, HttpsResponse } from "./https-request";
