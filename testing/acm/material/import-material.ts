import { X509Certificate, createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { validationError } from "../service-error";
import { readPemBlocks, type PemBlock } from "./pem-blocks";
import { describeKey, keyAlgorithmOf, type AcmKeyAlgorithm } from "./key-algorithm";
import { readCertificateFacts, type CertificateFacts } from "./certificate-facts";
import { findIssuerInChain, isSelfSigned } from "./chain-issuer";

// Every rule below: docs.aws.amazon.com/acm/latest/userguide/import-certificate-prerequisites.html

export interface ImportRequestMaterial {
    certificate: Buffer;
    privateKey: Buffer;
    chain: Buffer | undefined;
}

/** A certificate that passed ACM's import checks, as the emulator stores it (never the key). */
export interface ImportedMaterial {
    certificatePem: string;
    chainPem: string | undefined;
    facts: CertificateFacts;
    keyAlgorithm: AcmKeyAlgorithm;
    /** SHA-256 (hex) of the public key of the private key imported with it (SPKI DER); undefined when no key was imported. */
    keySpkiSha256?: string;
}

function parseLeaf(certificate: Buffer): X509Certificate {
    const blocks = readPemBlocks(certificate.toString("utf8")).filter((block) => block.label === "CERTIFICATE");
    if (blocks.length > 1) {
        // Message as ACM returns it (hashicorp/terraform-provider-aws#19400).
        throw validationError(
            "The certificate field contains more than one certificate. You can specify only one certificate in this field.",
        );
    }
    const [block] = blocks;
    if (block === undefined)
        throw validationError("Unable to parse certificate. Please ensure the certificate is in PEM format.");
    try {
        return new X509Certificate(block.der);
    } catch {
        throw validationError("Unable to parse certificate. Please ensure the certificate is in PEM format.");
    }
}

function isEncrypted(block: PemBlock): boolean {
    return block.label.includes("ENCRYPTED") || /Proc-Type:\s*4,\s*ENCRYPTED/i.test(block.headers);
}

function parsePrivateKey(privateKey: Buffer): KeyObject {
    // `openssl ecparam -genkey` writes an EC PARAMETERS block first: only the key block counts.
    const block = readPemBlocks(privateKey.toString("utf8")).find((b) => b.label.endsWith("PRIVATE KEY"));
    if (block === undefined) throw validationError("The private key is not PEM-encoded or is not valid.");
    if (isEncrypted(block))
        throw validationError("The private key is encrypted. ACM accepts only unencrypted private keys.");
    try {
        return createPrivateKey({ key: block.text, format: "pem" });
    } catch {
        throw validationError("The private key is not PEM-encoded or is not valid.");
    }
}

function parseChain(chain: Buffer): X509Certificate[] {
    const blocks = readPemBlocks(chain.toString("utf8"));
    if (blocks.length === 0 || blocks.some((block) => block.label !== "CERTIFICATE")) {
        throw validationError("The certificate chain is not PEM-encoded or is not valid.");
    }
    try {
        return blocks.map((block) => new X509Certificate(block.der));
    } catch {
        throw validationError("The certificate chain is not PEM-encoded or is not valid.");
    }
}

function sameKey(privateKey: KeyObject, certificate: X509Certificate): boolean {
    const fromKey = createPublicKey(privateKey).export({ type: "spki", format: "der" });
    const fromCertificate = certificate.publicKey.export({ type: "spki", format: "der" });
    return fromKey.equals(fromCertificate);
}

function checkValidAt(certificate: X509Certificate, now: Date): void {
    // Messages as moto words them for the same rule.
    if (new Date(certificate.validFrom) > now)
        throw validationError("The certificate is not in effect yet, is not valid.");
    if (new Date(certificate.validTo) < now) throw validationError("The certificate has expired, is not valid.");
}

/** Runs ACM's import prerequisites in the order a caller would fix them; throws ValidationException. */
export function validateImportMaterial(request: ImportRequestMaterial, now: Date): ImportedMaterial {
    const leaf = parseLeaf(request.certificate);
    const key = parsePrivateKey(request.privateKey);
    const keyAlgorithm = keyAlgorithmOf(key);
    if (keyAlgorithm === undefined) {
        throw validationError(
            `The private key is not supported (${describeKey(key)}). ACM accepts RSA 1024, 2048, 3072, 4096 and EC P-256, P-384, P-521 keys.`,
        );
    }
    if (!sameKey(key, leaf)) throw validationError("The private key does not match the public key in the certificate.");
    checkValidAt(leaf, now);
    const facts = readCertificateFacts(leaf);
    if (facts.domainName === undefined) {
        throw validationError("The certificate must contain a fully qualified domain name or IP address.");
    }
    let chainPem: string | undefined;
    if (request.chain !== undefined) {
        const chain = parseChain(request.chain);
        if (!isSelfSigned(leaf) && findIssuerInChain(leaf, chain) === undefined) {
            // Message as ACM returns it when the chain does not certify the leaf.
            throw validationError("Could not validate the certificate with the certificate chain.");
        }
        chainPem = chain.map((certificate) => certificate.toString()).join("");
    }
    const keySpkiSha256 = createHash("sha256")
        .update(createPublicKey(key).export({ type: "spki", format: "der" }))
        .digest("hex");
    return { certificatePem: leaf.toString(), chainPem, facts, keyAlgorithm, keySpkiSha256 };
}

/** Material for a certificate the emulator holds without a key (seeded AMAZON_ISSUED certificates). */
export function materialFromCertificate(certificatePem: string): ImportedMaterial {
    const leaf = parseLeaf(Buffer.from(certificatePem, "utf8"));
    const facts = readCertificateFacts(leaf);
    if (facts.keyAlgorithm === undefined) throw validationError("The certificate key algorithm is not supported.");
    return { certificatePem: leaf.toString(), chainPem: undefined, facts, keyAlgorithm: facts.keyAlgorithm };
}
