import { startIfLoadedAsPlugin } from "../provider/plugin/entry";

export { AcmCertificate, AcmCertificateArgs } from "./acm-certificate";
export { KeyVaultCertificate, KeyVaultCertificateArgs } from "./keyvault-certificate";
export { AcmCertificateSet, AcmCertificateSetArgs, AcmFixedRegionConsumer } from "./acm-certificate-set";
export { KeyVaultCertificateSet, KeyVaultCertificateSetArgs } from "./keyvault-certificate-set";
export { CertificateSetOptions, SetMemberOptions } from "./set-options";
export * from "./schema-types";

// Run by the Node language host as the plugin program (PulumiPlugin.yaml), this entry serves the provider instead.
startIfLoadedAsPlugin(module);
