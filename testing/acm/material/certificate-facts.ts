import "reflect-metadata";
import type { X509Certificate as NodeCertificate } from "node:crypto";
import {
    ExtendedKeyUsageExtension,
    KeyUsagesExtension,
    SubjectAlternativeNameExtension,
    X509Certificate as ParsedCertificate,
    type JsonName,
} from "@peculiar/x509";
import { keyAlgorithmOf, type AcmKeyAlgorithm } from "./key-algorithm";
import { extendedKeyUsage, keyUsageNames, type ExtendedKeyUsage } from "./usages";

/** What DescribeCertificate reports about one X.509 certificate. */
export interface CertificateFacts {
    /** ACM's form: lowercase hex bytes joined by colons, e.g. "0f:a3:19". */
    serial: string;
    subject: string;
    issuer: string;
    /** The subject CN, else the first SAN; undefined when the certificate names no domain. */
    domainName: string | undefined;
    subjectAlternativeNames: string[];
    notBefore: Date;
    notAfter: Date;
    keyAlgorithm: AcmKeyAlgorithm | undefined;
    signatureAlgorithm: string;
    /** Undefined when the certificate has no Key Usage extension. */
    keyUsages: string[] | undefined;
    /** Undefined when the certificate has no Extended Key Usage extension. */
    extendedKeyUsages: ExtendedKeyUsage[] | undefined;
}

/** Hex serial (any case, colons allowed) to ACM's colon form without sign padding. */
export function acmSerial(hex: string): string {
    let digits = hex.replace(/:/g, "").toLowerCase().replace(/^0+/, "");
    if (digits === "") digits = "0";
    if (digits.length % 2 === 1) digits = `0${digits}`;
    return (digits.match(/../g) ?? []).join(":");
}

function firstValue(name: JsonName, type: string): string | undefined {
    for (const rdn of name) {
        const values = rdn[type];
        if (values !== undefined && values.length > 0) return values[0];
    }
    return undefined;
}

/** RFC 2253 order (last RDN first), the way Java's X500Principal prints a name: "CN=a.example,O=Org,C=US". */
function formatName(name: JsonName): string {
    const escape = (value: string): string => value.replace(/([,+"\\<>;])/g, "\\$1");
    return [...name]
        .reverse()
        .map((rdn) =>
            Object.entries(rdn)
                .flatMap(([type, values]) => values.map((v) => `${type}=${escape(v)}`))
                .join("+"),
        )
        .join(",");
}

function signatureAlgorithmName(parsed: ParsedCertificate): string {
    const algorithm = parsed.signatureAlgorithm as { name: string; hash?: { name: string } };
    const hash = (algorithm.hash?.name ?? "").replace("-", "");
    if (algorithm.name === "ECDSA") return `${hash}WITHECDSA`;
    if (algorithm.name === "RSA-PSS") return `${hash}WITHRSASSA-PSS`;
    if (algorithm.name === "RSASSA-PKCS1-v1_5") return `${hash}WITHRSA`;
    return algorithm.name.toUpperCase();
}

export function readCertificateFacts(certificate: NodeCertificate): CertificateFacts {
    const parsed = new ParsedCertificate(certificate.raw);
    const subjectName = parsed.subjectName.toJSON();
    const issuerName = parsed.issuerName.toJSON();
    const san = parsed.getExtension(SubjectAlternativeNameExtension);
    const sans = (san?.names.toJSON() ?? [])
        .filter((entry) => entry.type === "dns" || entry.type === "ip")
        .map((entry) => entry.value);
    const keyUsage = parsed.getExtension(KeyUsagesExtension);
    const extended = parsed.getExtension(ExtendedKeyUsageExtension);
    return {
        serial: acmSerial(parsed.serialNumber),
        subject: formatName(subjectName),
        // Issuer: the organisation of the issuing CA when named (ACM shows "Amazon" for its own), else its CN.
        issuer: firstValue(issuerName, "O") ?? firstValue(issuerName, "CN") ?? formatName(issuerName),
        domainName: firstValue(subjectName, "CN") ?? sans[0],
        subjectAlternativeNames: sans,
        notBefore: parsed.notBefore,
        notAfter: parsed.notAfter,
        keyAlgorithm: keyAlgorithmOf(certificate.publicKey),
        signatureAlgorithm: signatureAlgorithmName(parsed),
        keyUsages: keyUsage === null ? undefined : keyUsageNames(keyUsage.usages),
        extendedKeyUsages:
            extended === null ? undefined : extended.usages.map((usage) => extendedKeyUsage(String(usage))),
    };
}
