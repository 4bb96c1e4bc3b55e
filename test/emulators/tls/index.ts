export { createTestCa, createSecureContextFrom } from "./testCa";
export type { TestCa, TestCaOptions, IssuedServerCertificate } from "./testCa";
export { startConnectProxy } from "./connectProxy";
export type { ConnectProxy, ConnectProxyOptions, ProxyConnectRecord, ProxyOutcome } from "./connectProxy";
export { writeCaFile } from "./caFile";
export type { CaFile } from "./caFile";
export {
    AZURE_HOST_ALLOW_LIST,
    AZURE_LOGIN_HOSTS,
    CLOUD_ENDPOINTS,
    cloudOfVaultHost,
    hostMatchesPattern,
    isAllowedHost,
    vaultHost,
} from "./hostPatterns";
export type { AzureCloud, CloudEndpoints } from "./hostPatterns";
export { httpsRequest, connectTunnel } from "./httpsRequest";
export type { HttpsRequestOptions, HttpsResponse } from "./httpsRequest";
