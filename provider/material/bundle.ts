/**
 * Reads the three PEM inputs into a checked bundle: one leaf, its chain, its key.
 * Target-neutral; ACM and Key Vault limits live in acm/ and keyvault/.
 */
import { createPublicKey, sign, verify } from "node:crypto";
import { CertificateFacts, ChainCertificate, readCertificate, readChainCertificate } from "./certificate";
import { checkChain } from "./chain";
import { KeyFacts, readPrivateKey } from "./key";
import { PemError, readPemBlocks } from "./pem";
import { error, Problem, warning } from "./problem";

export interface MaterialBundle {
    leaf: CertificateFacts;
    chain: ChainCertificate[];
    key: KeyFacts;
}

export interface MaterialInputs {
    certificatePem?: string;
    privateKeyPem?: string;
    chainPem?: string;
}

const DAY_MS = 86_400_000;
export const EXPIRY_WARNING_DAYS = 30;

export function readBundle(inputs: MaterialInputs, now: Date): { bundle?: MaterialBundle; problems: Problem[] } {
    const problems: Problem[] = [];
    const leaf = readLeaf(inputs.certificatePem, problems);
    const chain =
        inputs.chainPem === undefined || inputs.chainPem.trim() === "" ? [] : readChain(inputs.chainPem, problems);
    const key = readKey(inputs.privateKeyPem, problems);
    if (leaf) problems.push(...checkValidity(leaf, now));
    if (leaf && chain) problems.push(...checkChain(leaf, chain));
    if (leaf && key && !key.spki.equals(leaf.spki)) {
        problems.push(
            error(
                "privateKeyPem",
                `does not match certificatePem (the certificate's public key belongs to another key); use the key the certificate "${leaf.subject}" was issued for`,
            ),
        );
    } else if (leaf && key && !signsForCertificate(key, leaf)) {
        problems.push(
            error(
                "privateKeyPem",
                "is damaged: its public part matches the certificate but it does not make signatures the certificate's key verifies; export the key again from its source",
            ),
        );
    }
    if (!leaf || !key || !chain) return { problems };
    return { bundle: { leaf, chain, key }, problems };
}

function readLeaf(text: string | undefined, problems: Problem[]): CertificateFacts | undefined {
    if (text === undefined) return undefined;
    const certs = readCertificates("certificatePem", text, problems, readCertificate);
    if (!certs) return undefined;
    if (certs.length > 1) {
        problems.push(
            error(
                "certificatePem",
                `holds ${certs.length} certificates; put only the leaf here and its intermediates in chainPem`,
            ),
        );
        return undefined;
    }
    return certs[0];
}

function readChain(text: string, problems: Problem[]): ChainCertificate[] | undefined {
    return readCertificates("chainPem", text, problems, readChainCertificate);
}

function readCertificates<C>(
    property: string,
    text: string,
    problems: Problem[],
    read: (der: Buffer) => C,
): C[] | undefined {
    let blocks;
    try {
        blocks = readPemBlocks(text, "CERTIFICATE");
    } catch (e) {
        problems.push(error(property, PemError.isInstance(e) ? e.message : "could not be read as PEM"));
        return undefined;
    }
    const foreign = blocks.filter((b) => b.label !== "CERTIFICATE");
    if (foreign.length > 0) {
        const isKey = foreign.some((b) => b.label.includes("PRIVATE KEY"));
        problems.push(
            error(
                property,
                isKey
                    ? "holds a private key block; a private key belongs only in privateKeyPem (as a secret) — rotate that key if this input was shared"
                    : `holds ${foreign.map((b) => b.label).join(", ")} blocks; only CERTIFICATE blocks belong here`,
            ),
        );
        return undefined;
    }
    const certs: C[] = [];
    for (const [i, block] of blocks.entries()) {
        try {
            certs.push(read(block.der));
        } catch {
            problems.push(
                error(property, `block ${i + 1} is labelled CERTIFICATE but is not a valid X.509 certificate`),
            );
            return undefined;
        }
    }
    return certs;
}

function readKey(text: string | undefined, problems: Problem[]): KeyFacts | undefined {
    if (text === undefined) return undefined;
    try {
        return readPrivateKey(text);
    } catch (e) {
        problems.push(error("privateKeyPem", PemError.isInstance(e) ? e.message : "could not be read"));
        return undefined;
    }
}

function checkValidity(leaf: CertificateFacts, now: Date): Problem[] {
    if (leaf.notAfter.getTime() <= now.getTime()) {
        return [
            error(
                "certificatePem",
                `expired on ${leaf.notAfter.toISOString()}; ACM and Key Vault refuse expired certificates — renew it`,
            ),
        ];
    }
    if (leaf.notBefore.getTime() > now.getTime()) {
        return [
            error(
                "certificatePem",
                `is not valid until ${leaf.notBefore.toISOString()}; deploy it after that time (check the issuing clock)`,
            ),
        ];
    }
    const daysLeft = Math.floor((leaf.notAfter.getTime() - now.getTime()) / DAY_MS);
    if (daysLeft < EXPIRY_WARNING_DAYS) {
        return [
            warning("certificatePem", `expires in ${daysLeft} days (${leaf.notAfter.toISOString()}); renew it soon`),
        ];
    }
    return [];
}

/** A key whose public half matches can still have damaged private parts: prove it by signing. */
function signsForCertificate(key: KeyFacts, leaf: CertificateFacts): boolean {
    const message = Buffer.from("certdeploy key check");
    const digest = key.type === "ed25519" || key.type === "ed448" ? null : "sha256";
    try {
        const signature = sign(digest, message, key.keyObject);
        return verify(digest, message, createPublicKey({ key: leaf.spki, format: "der", type: "spki" }), signature);
    } catch {
        return false;
    }
}
