/** Facts about one X.509 certificate, read with @peculiar/x509 and node:crypto. */
import { createHash, X509Certificate as NodeX509 } from "node:crypto";
import {
    ExtendedKeyUsageExtension,
    KeyUsageFlags,
    KeyUsagesExtension,
    SubjectAlternativeNameExtension,
    X509Certificate,
} from "./x509";
import { colonHexSerial } from "./serial";
import { certificateToPem } from "./pem";

export interface CertificateFacts {
    der: Buffer;
    pem: string;
    subject: string;
    issuer: string;
    serial: string;
    notBefore: Date;
    notAfter: Date;
    domainName: string;
    subjectAlternativeNames: string[];
    fingerprintSha256: string;
    /** SHA-1 thumbprint, uppercase hex (Key Vault's x5t decoded). */
    thumbprintSha1: string;
    /** SubjectPublicKeyInfo DER, to match against the private key. */
    spki: Buffer;
    keyUsages: string[];
    extendedKeyUsages: string[];
    selfIssued: boolean;
    parsed: X509Certificate;
    /** node:crypto's view of the same DER, parsed once and kept for issuer checks. */
    node: NodeX509;
}

/**
 * What the chain check and the targets need of a chain certificate, read by
 * node:crypto alone: a long chain costs one OpenSSL parse per certificate, not
 * the X.509 library's full decode (extensions, names), which is kept for the leaf.
 */
export type ChainCertificate = Pick<
    CertificateFacts,
    "der" | "pem" | "subject" | "issuer" | "selfIssued" | "node" | "fingerprintSha256"
>;

/** node:crypto renders a name one attribute per line; messages show it on one line. */
const oneLine = (name: string): string => name.split("\n").join(", ");

export function readChainCertificate(der: Buffer): ChainCertificate {
    const node = new NodeX509(der);
    return {
        der,
        pem: certificateToPem(der),
        subject: oneLine(node.subject),
        issuer: oneLine(node.issuer),
        selfIssued: node.checkIssued(node),
        node,
        fingerprintSha256: sha256Fingerprint(der),
    };
}

const colonHex = (buf: Buffer): string => buf.toString("hex").match(/../g)?.join(":") ?? "";

/** SHA-256 over the DER, lowercase colon-separated hex: the identity of one certificate (DESIGN.md §7). */
export const sha256Fingerprint = (der: Buffer): string => colonHex(createHash("sha256").update(der).digest());

const KEY_USAGE_NAMES: [KeyUsageFlags, string][] = [
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

export function readCertificate(der: Buffer): CertificateFacts {
    const parsed = new X509Certificate(der);
    const node = new NodeX509(der);
    const san = parsed.getExtension(SubjectAlternativeNameExtension);
    const dnsNames = san ? san.names.items.filter((n) => n.type === "dns").map((n) => n.value) : [];
    const cn = parsed.subjectName.getField("CN")[0];
    const ku = parsed.getExtension(KeyUsagesExtension);
    const eku = parsed.getExtension(ExtendedKeyUsageExtension);
    return {
        der,
        pem: parsed.toString("pem"),
        subject: parsed.subject,
        issuer: parsed.issuer,
        serial: colonHexSerial(parsed.serialNumber),
        notBefore: parsed.notBefore,
        notAfter: parsed.notAfter,
        domainName: cn ?? dnsNames[0] ?? "",
        subjectAlternativeNames: dnsNames,
        fingerprintSha256: sha256Fingerprint(der),
        thumbprintSha1: createHash("sha1").update(der).digest("hex").toUpperCase(),
        spki: Buffer.from(parsed.publicKey.rawData),
        keyUsages: ku ? KEY_USAGE_NAMES.filter(([flag]) => (ku.usages & flag) !== 0).map(([, name]) => name) : [],
        extendedKeyUsages: eku ? eku.usages.map((u) => String(u)) : [],
        selfIssued: node.checkIssued(node),
        parsed,
        node,
    };
}

/** True when `issuer` issued `cert`: names chain and the signature verifies (node:crypto, on the certificates parsed once). */
export function isIssuedBy(cert: Pick<CertificateFacts, "node">, issuer: Pick<CertificateFacts, "node">): boolean {
    return cert.node.checkIssued(issuer.node) && cert.node.verify(issuer.node.publicKey);
}
