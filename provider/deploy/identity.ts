/**
 * What "the same certificate" means (DESIGN.md §7): the leaf's SHA-256
 * fingerprint and the chain's DER, in order — never the serial, which repeats
 * across renewals and comes in several notations.
 *
 * A cloud may return more chain than it was sent (moto appends an Amazon root
 * to GetCertificate's chain and says AWS does the same), so a chain matches
 * when the chain we imported is a prefix of the one returned; the trailing CA
 * certificates are tolerated and reported, never a mismatch.
 *
 * ```
 * sameCertificate({ fingerprintSha256: "ab:…", chain: ["11:…"] },
 *                 { fingerprintSha256: "ab:…", chain: ["11:…", "22:…"] })
 * → { same: true, trailing: ["22:…"] }
 * ```
 */
import { createHash } from "node:crypto";
import { CertificateFacts, readCertificate } from "../material/certificate";
import { readPemBlocks } from "../material/pem";

export interface CertificateIdentity {
    /** Leaf SHA-256 fingerprint, lowercase colon-separated hex. */
    fingerprintSha256: string;
    /** SHA-256 fingerprints of the chain certificates, in order; undefined when the cloud does not show the chain. */
    chain?: string[];
    /** SHA-256 over the chain certificates' DER, concatenated in order (hex); known even where the chain itself is not shown. */
    chainSha256?: string;
    /** The leaf serial, canonical colon hex (ACM's form): for messages and outputs, never for comparison. */
    serial: string;
    /** The cloud's own version id where it has one (Key Vault): the same version is the same certificate. */
    version?: string;
    /** The public certificate and chain as the cloud returned them, when it did (to record an out-of-band change). */
    pem?: { certificate: string; chain?: string };
}

/** SHA-256 over the DER of each chain certificate, in order (hex). The empty chain has a digest too. */
export function chainDigest(chainDer: readonly Buffer[]): string {
    const hash = createHash("sha256");
    for (const der of chainDer) hash.update(der);
    return hash.digest("hex");
}

export function identityOf(
    leaf: CertificateFacts,
    chain: readonly Pick<CertificateFacts, "der" | "fingerprintSha256">[],
): CertificateIdentity {
    return {
        fingerprintSha256: leaf.fingerprintSha256,
        chain: chain.map((c) => c.fingerprintSha256),
        chainSha256: chainDigest(chain.map((c) => c.der)),
        serial: leaf.serial,
    };
}

export interface IdentityMatch {
    same: boolean;
    /** Fingerprints of chain certificates the cloud returned after the ones we sent. */
    trailing: string[];
}

const DIFFERENT: IdentityMatch = { same: false, trailing: [] };

/** Is `live` the certificate `want` describes? Leaf by fingerprint, chain by prefix (or by digest where only that is known). */
export function sameCertificate(want: CertificateIdentity, live: CertificateIdentity): IdentityMatch {
    const sameVersion = want.version !== undefined && live.version !== undefined && want.version === live.version;
    if (sameVersion) return { same: true, trailing: [] };
    if (want.fingerprintSha256.toLowerCase() !== live.fingerprintSha256.toLowerCase()) return DIFFERENT;
    if (want.chain !== undefined && live.chain !== undefined) {
        const isPrefix =
            want.chain.length <= live.chain.length &&
            want.chain.every((fp, i) => fp.toLowerCase() === live.chain![i].toLowerCase());
        return isPrefix ? { same: true, trailing: live.chain.slice(want.chain.length) } : DIFFERENT;
    }
    const bothDigests = want.chainSha256 !== undefined && live.chainSha256 !== undefined;
    if (bothDigests && want.chainSha256 === live.chainSha256) return { same: true, trailing: [] };
    return DIFFERENT;
}

export const isSameCertificate = (want: CertificateIdentity) => (live: CertificateIdentity) =>
    sameCertificate(want, live).same;

/** Two certificates we hold (inputs, state) are the same: leaf and chain exactly, no tolerance for trailing certificates. */
export const exactlySame = (a: CertificateIdentity, b: CertificateIdentity): boolean =>
    sameCertificate(a, b).same && sameCertificate(b, a).same;

/**
 * Which of several candidates `live` is. Trailing tolerance makes a chain that
 * is a prefix of another match both (a chain-only change that adds a root):
 * the candidate whose chain explains more of what is live wins.
 */
export function whichIsLive<T extends CertificateIdentity>(
    candidates: readonly T[],
    live: CertificateIdentity,
): T | undefined {
    let best: T | undefined;
    for (const candidate of candidates) {
        if (!sameCertificate(candidate, live).same) continue;
        if (!best || (candidate.chain?.length ?? 0) > (best.chain?.length ?? 0)) best = candidate;
    }
    return best;
}

/** A short description for messages: serial and the start of the fingerprint. */
export const describeIdentity = (id: CertificateIdentity): string =>
    `serial ${id.serial} (SHA-256 ${id.fingerprintSha256.slice(0, 23)}…)`;

/** The identity of PEM text a state recorded (or a cloud returned); undefined when the leaf cannot be read. */
export function identityFromPem(
    certificatePem: string | undefined,
    chainPem: string | undefined,
    version?: string,
): CertificateIdentity | undefined {
    const leaf = certificatesIn(certificatePem)[0];
    if (!leaf) return undefined;
    const pem = { certificate: certificatePem ?? "", ...(chainPem ? { chain: chainPem } : {}) };
    return { ...identityOf(leaf, certificatesIn(chainPem)), ...(version !== undefined ? { version } : {}), pem };
}

function certificatesIn(pem: string | undefined): CertificateFacts[] {
    if (pem === undefined || pem.trim() === "") return [];
    try {
        return readPemBlocks(pem, "CERTIFICATE")
            .filter((b) => b.label === "CERTIFICATE")
            .map((b) => readCertificate(b.der));
    } catch {
        return [];
    }
}
