import "reflect-metadata";
import { KeyUsageFlags } from "@peculiar/x509";

/** ACM KeyUsageName values in the order of the X.509 KeyUsage bits. */
const KEY_USAGE_NAMES: ReadonlyArray<[KeyUsageFlags, string]> = [
    [KeyUsageFlags.digitalSignature, "DIGITAL_SIGNATURE"],
    [KeyUsageFlags.nonRepudiation, "NON_REPUDIATION"],
    [KeyUsageFlags.keyEncipherment, "KEY_ENCIPHERMENT"],
    [KeyUsageFlags.dataEncipherment, "DATA_ENCIPHERMENT"],
    [KeyUsageFlags.keyAgreement, "KEY_AGREEMENT"],
    [KeyUsageFlags.keyCertSign, "CERTIFICATE_SIGNING"],
    [KeyUsageFlags.cRLSign, "CRL_SIGNING"],
    [KeyUsageFlags.encipherOnly, "ENCIPHER_ONLY"],
    [KeyUsageFlags.decipherOnly, "DECIPHER_ONLY"],
];

/** ACM ExtendedKeyUsageName by OID; anything else is reported as CUSTOM (API_ExtendedKeyUsage.html). */
const EXTENDED_KEY_USAGE_NAMES: Readonly<Record<string, string>> = {
    "1.3.6.1.5.5.7.3.1": "TLS_WEB_SERVER_AUTHENTICATION",
    "1.3.6.1.5.5.7.3.2": "TLS_WEB_CLIENT_AUTHENTICATION",
    "1.3.6.1.5.5.7.3.3": "CODE_SIGNING",
    "1.3.6.1.5.5.7.3.4": "EMAIL_PROTECTION",
    "1.3.6.1.5.5.7.3.5": "IPSEC_END_SYSTEM",
    "1.3.6.1.5.5.7.3.6": "IPSEC_TUNNEL",
    "1.3.6.1.5.5.7.3.7": "IPSEC_USER",
    "1.3.6.1.5.5.7.3.8": "TIME_STAMPING",
    "1.3.6.1.5.5.7.3.9": "OCSP_SIGNING",
    "2.5.29.37.0": "ANY",
};

export const CLIENT_AUTH_OID = "1.3.6.1.5.5.7.3.2";

export interface ExtendedKeyUsage {
    name: string;
    oid: string;
}

export function keyUsageNames(flags: number): string[] {
    return KEY_USAGE_NAMES.filter(([flag]) => (flags & flag) !== 0).map(([, name]) => name);
}

export function extendedKeyUsage(oid: string): ExtendedKeyUsage {
    return { name: EXTENDED_KEY_USAGE_NAMES[oid] ?? "CUSTOM", oid };
}
