/**
 * certdeploy/provider: what runs inside the Pulumi dynamic-provider host.
 * The serialized `__provider` of every resource requires this module by package
 * name. Cloud SDKs load on first use, so a stack with one target never loads the other's.
 */
export { acmProvider } from "./acm/provider";
export { keyVaultProvider } from "./keyvault/provider";
