export { AcmCertificate, AcmCertificateArgs } from "./acm-certificate";
export { KeyVaultCertificate, KeyVaultCertificateArgs } from "./keyvault-certificate";
export * from "./schema-types";
