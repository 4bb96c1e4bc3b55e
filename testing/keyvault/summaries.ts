/**
 * What the control surface reports about stored versions: identifiers,
 * thumbprints, tags and wire facts, never key material.
 */
import { createHash } from "node:crypto";
import type { CertificateVersion, VersionSource } from "./vault-state";

export interface VersionSummary {
    version: string;
    /** `https://<vault host>/certificates/<name>/<version>`. */
    id: string;
    x5tHex: string;
    serialHex: string;
    fingerprintSha256Hex: string;
    /** SHA-256 of each chain certificate stored in the version's secret (PFX), in order, hex. */
    chainSha256Hex: string[];
    subject: string;
    notBefore: Date;
    notAfter: Date;
    keyType: "RSA" | "EC";
    /** SHA-256 (hex) of the version's private key's public key (SPKI DER): which key is live. */
    keySpkiSha256Hex: string;
    tags: Record<string, string>;
    enabled: boolean;
    created: number;
    updated: number;
    /** Content type Key Vault stored the secret under. */
    contentType: string;
    /** `policy.secret_props.contentType` as sent on the wire (undefined: none sent). */
    wireContentType?: string;
    /** Whether the import body carried a `policy` at all. */
    policySent?: boolean;
    source: VersionSource;
}

export interface DeletedSummary {
    name: string;
    recoveryId: string;
    deletedDate: number;
    scheduledPurgeDate: number;
    versions: VersionSummary[];
}

export type OutOfBandImport =
    | { pfxBase64: string; password?: string; tags?: Record<string, string> }
    | { pem: string; tags?: Record<string, string> };

export function summarize(baseUrl: string, name: string, v: CertificateVersion): VersionSummary {
    const m = v.material;
    return {
        version: v.version,
        id: `${baseUrl}/certificates/${name}/${v.version}`,
        x5tHex: m.x5t.toString("hex"),
        serialHex: m.serialHex,
        fingerprintSha256Hex: m.sha256.toString("hex"),
        chainSha256Hex: m.chainDer.map((der) => createHash("sha256").update(der).digest("hex")),
        subject: m.subject,
        notBefore: m.notBefore,
        notAfter: m.notAfter,
        keyType: m.key.kty,
        keySpkiSha256Hex: m.keySpkiSha256.toString("hex"),
        tags: { ...v.tags },
        enabled: v.enabled,
        created: v.created,
        updated: v.updated,
        contentType: v.secretContentType,
        wireContentType: v.wire?.contentType,
        policySent: v.wire?.policySent,
        source: v.source,
    };
}
