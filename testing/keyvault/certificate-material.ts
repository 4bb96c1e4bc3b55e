/**
 * Reading what an import request carries, the way Key Vault does:
 * - no content type (or application/x-pkcs12): `value` is base64 PKCS#12;
 * - application/x-pem-file: `value` is PEM text with a PKCS#8
 *   `BEGIN PRIVATE KEY` block (PKCS#1 is refused) and the certificates.
 * The private key must match a certificate, which becomes the leaf.
 * https://learn.microsoft.com/rest/api/keyvault/certificates/import-certificate/import-certificate
 */
import { createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import * as forge from "node-forge";
import { badParameter } from "./errors";

export const PKCS12_CONTENT_TYPE = "application/x-pkcs12";
export const PEM_CONTENT_TYPE = "application/x-pem-file";

export interface KeyDescription {
    kty: "RSA" | "EC";
    keySize?: number;
    crv?: "P-256" | "P-384" | "P-521" | "P-256K";
}

export interface CertificateMaterial {
    leafDer: Buffer;
    chainDer: Buffer[];
    x5t: Buffer;
    sha256: Buffer;
    /** Lowercase hex without colons or leading zeros. */
    serialHex: string;
    notBefore: Date;
    notAfter: Date;
    subject: string;
    dnsNames: string[];
    key: KeyDescription;
    /** SHA-256 of the imported private key's public key (SPKI DER): which key this version holds. */
    keySpkiSha256: Buffer;
}

// Messages as Key Vault words them (seen in azure-cli / terraform-provider-azurerm issues).
const PKCS12_UNREADABLE =
    "The specified PKCS#12 X.509 certificate content can not be read. Please check if certificate is in valid PKCS#12 format.";
const PEM_UNEXPECTED =
    "The specified PEM X.509 certificate content is in an unexpected format. Please check if certificate is in valid PEM format.";

const STRICT_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function describeKey(key: KeyObject): KeyDescription {
    const details = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === "rsa") return { kty: "RSA", keySize: details.modulusLength };
    if (key.asymmetricKeyType === "ec") {
        const curves: Record<string, KeyDescription["crv"]> = {
            prime256v1: "P-256",
            secp384r1: "P-384",
            secp521r1: "P-521",
            secp256k1: "P-256K",
        };
        return { kty: "EC", crv: curves[details.namedCurve ?? ""] };
    }
    throw badParameter("The specified X.509 certificate content is invalid. Error: unsupported key type.");
}

function spki(key: KeyObject): Buffer {
    return key.export({ type: "spki", format: "der" });
}

/** Pick the certificate whose public key matches the private key; the others are the chain. */
function assemble(certs: Buffer[], privateKey: KeyObject): CertificateMaterial {
    if (certs.length === 0)
        throw badParameter("The specified X.509 certificate content is invalid. Error: no certificate found.");
    const publicDer = spki(createPublicKey(privateKey));
    const leafIndex = certs.findIndex((der) => spki(new X509Certificate(der).publicKey).equals(publicDer));
    if (leafIndex < 0) {
        throw badParameter(
            "The specified X.509 certificate content is invalid. Error: the private key does not match the public key of any certificate.",
        );
    }
    const leafDer = certs[leafIndex];
    const leaf = new X509Certificate(leafDer);
    const dnsNames = (leaf.subjectAltName ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.startsWith("DNS:"))
        .map((s) => s.slice(4));
    return {
        leafDer,
        chainDer: certs.filter((_, i) => i !== leafIndex),
        x5t: createHash("sha1").update(leafDer).digest(),
        sha256: createHash("sha256").update(leafDer).digest(),
        serialHex: leaf.serialNumber.toLowerCase().replace(/^0+(?=.)/, ""),
        notBefore: new Date(leaf.validFrom),
        notAfter: new Date(leaf.validTo),
        subject: leaf.subject.split("\n").join(", "),
        dnsNames,
        key: describeKey(privateKey),
        keySpkiSha256: createHash("sha256").update(publicDer).digest(),
    };
}

function forgeDer(asn1: forge.asn1.Asn1): Buffer {
    return Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary");
}

function decodePkcs12(der: Buffer, password: string | undefined): forge.pkcs12.Pkcs12Pfx {
    const asn1 = forge.asn1.fromDer(der.toString("binary"), false);
    const attempts = password === undefined || password === "" ? ["", undefined] : [password];
    let lastError: unknown;
    for (const attempt of attempts) {
        try {
            return forge.pkcs12.pkcs12FromAsn1(asn1, false, attempt as string);
        } catch (e) {
            lastError = e;
        }
    }
    throw lastError;
}

/** `value` of an import without the PEM content type: base64 PKCS#12. */
export function readPkcs12(valueBase64: string, password?: string): CertificateMaterial {
    const compact = valueBase64.replace(/\s+/g, "");
    if (!STRICT_BASE64.test(compact)) throw badParameter(PKCS12_UNREADABLE);
    let pfx: forge.pkcs12.Pkcs12Pfx;
    try {
        pfx = decodePkcs12(Buffer.from(compact, "base64"), password);
    } catch {
        throw badParameter(PKCS12_UNREADABLE);
    }
    const certs: Buffer[] = [];
    const keys: KeyObject[] = [];
    for (const safeContents of pfx.safeContents) {
        for (const bag of safeContents.safeBags) {
            const raw = (bag as { asn1?: forge.asn1.Asn1 }).asn1;
            if (bag.type === forge.pki.oids.certBag) {
                if (bag.cert) certs.push(forgeDer(forge.pki.certificateToAsn1(bag.cert)));
                else if (raw) certs.push(forgeDer(raw));
            } else if (bag.type === forge.pki.oids.keyBag || bag.type === forge.pki.oids.pkcs8ShroudedKeyBag) {
                const pkcs8 = bag.key
                    ? forgeDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)))
                    : raw
                      ? forgeDer(raw)
                      : undefined;
                if (pkcs8) keys.push(createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }));
            }
        }
    }
    if (keys.length !== 1) {
        throw badParameter(
            "The specified X.509 certificate content is invalid. Error: the PKCS#12 must hold exactly one private key.",
        );
    }
    return assemble(certs, keys[0]);
}

interface PemBlock {
    label: string;
    der: Buffer;
}

function pemBlocks(text: string): PemBlock[] {
    const blocks: PemBlock[] = [];
    const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        blocks.push({ label: m[1], der: Buffer.from(m[2].replace(/\s+/g, ""), "base64") });
    }
    return blocks;
}

/** `value` with `policy.secret_props.contentType = application/x-pem-file`. */
export function readPem(value: string): CertificateMaterial {
    // Key Vault accepts the PEM text itself (azure-cli, the SDKs) or its base64 (terraform-provider-azurerm).
    const compact = value.replace(/\s+/g, "");
    const text =
        value.includes("-----BEGIN") || !STRICT_BASE64.test(compact)
            ? value
            : Buffer.from(compact, "base64").toString("utf8");
    const blocks = pemBlocks(text);
    const keyBlocks = blocks.filter((b) => b.label.endsWith("PRIVATE KEY"));
    if (keyBlocks.length !== 1 || keyBlocks[0].label !== "PRIVATE KEY") {
        // PKCS#1 ("RSA PRIVATE KEY"), SEC1 ("EC PRIVATE KEY"), encrypted PKCS#8 or no key at all.
        throw badParameter(PEM_UNEXPECTED);
    }
    let privateKey: KeyObject;
    let certs: Buffer[];
    try {
        privateKey = createPrivateKey({ key: keyBlocks[0].der, format: "der", type: "pkcs8" });
        certs = blocks.filter((b) => b.label === "CERTIFICATE").map((b) => b.der);
        certs.forEach((der) => new X509Certificate(der));
    } catch {
        throw badParameter(PEM_UNEXPECTED);
    }
    return assemble(certs, privateKey);
}
