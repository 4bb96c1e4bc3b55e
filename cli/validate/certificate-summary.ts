/**
 * What a user wants to see about the material being validated: the leaf's
 * names, serial, validity, key algorithm and fingerprint, and the chain.
 * Built from parsed facts only, so no key bytes can reach it.
 */
import { acmKeyAlgorithm } from "../../provider/acm/key-algorithms";
import type { MaterialBundle } from "../../provider/material/bundle";
import { readCertificate, type CertificateFacts } from "../../provider/material/certificate";
import { describeKey, readPrivateKey, type KeyFacts } from "../../provider/material/key";
import { readPemBlocks } from "../../provider/material/pem";
import { daysUntil } from "../dates";
import type { Target } from "../target";

export interface CertificateSummary {
    subject: string;
    issuer: string;
    subjectAlternativeNames: string[];
    /** Lowercase colon-separated hex, the ACM form. */
    serial: string;
    notBefore: string;
    notAfter: string;
    daysToExpiry: number;
    /** ACM enum (e.g. `RSA_2048`) for acm, e.g. `EC prime256v1` for keyvault; absent when the key is unreadable. */
    keyAlgorithm?: string;
    fingerprintSha256: string;
    /** Subjects of the chain certificates in the order given. */
    chain: string[];
}

export interface MaterialText {
    certificatePem: string;
    privateKeyPem: string;
    chainPem?: string;
}

/**
 * The summary from the checked bundle when there is one; otherwise whatever
 * can still be read (an expired or mismatched certificate is still worth describing).
 */
export function summariseMaterial(
    target: Target,
    bundle: MaterialBundle | undefined,
    text: MaterialText,
    now: Date,
): CertificateSummary | undefined {
    const leaf = bundle?.leaf ?? tryRead(() => firstCertificate(text.certificatePem));
    if (!leaf) return undefined;
    const key = bundle?.key ?? tryRead(() => readPrivateKey(text.privateKeyPem));
    const chain = bundle?.chain ?? tryRead(() => allCertificates(text.chainPem ?? "")) ?? [];
    return {
        subject: leaf.subject,
        issuer: leaf.issuer,
        subjectAlternativeNames: leaf.subjectAlternativeNames,
        serial: leaf.serial,
        notBefore: leaf.notBefore.toISOString(),
        notAfter: leaf.notAfter.toISOString(),
        daysToExpiry: daysUntil(leaf.notAfter, now),
        ...(key ? { keyAlgorithm: keyAlgorithmFor(target, key) } : {}),
        fingerprintSha256: leaf.fingerprintSha256,
        chain: chain.map((c) => c.subject),
    };
}

function keyAlgorithmFor(target: Target, key: KeyFacts): string {
    if (target === "keyvault") return describeKey(key);
    return acmKeyAlgorithm(key) ?? `${describeKey(key)} (ACM cannot import it)`;
}

function tryRead<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch {
        return undefined;
    }
}

function allCertificates(text: string): CertificateFacts[] {
    if (text.trim() === "") return [];
    return readPemBlocks(text, "CERTIFICATE")
        .filter((b) => b.label === "CERTIFICATE")
        .map((b) => readCertificate(b.der));
}

function firstCertificate(text: string): CertificateFacts | undefined {
    return allCertificates(text)[0];
}
