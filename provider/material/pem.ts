/**
 * PEM block splitting and recognition of what a user pasted. Decoding is
 * @peculiar/x509's PemConverter; this module only names the blocks and explains
 * non-PEM input (base64 DER pasted without armour, DER bytes, anything else).
 */
import { PemConverter, X509Certificate } from "./x509";

export interface PemBlock {
    /** The label between BEGIN and END, e.g. `CERTIFICATE`, `PRIVATE KEY`. */
    label: string;
    der: Buffer;
    /** Header lines such as `Proc-Type: 4,ENCRYPTED` (legacy OpenSSL encryption). */
    headers: { key: string; value: string }[];
}

export class PemError extends Error {
    readonly certdeployPemError = true;
    static isInstance(e: unknown): e is PemError {
        return typeof e === "object" && e !== null && (e as { certdeployPemError?: unknown }).certdeployPemError === true;
    }
}

const ARMOUR = /-----BEGIN [A-Z0-9 ]+-----/;

/** Splits PEM text into blocks; throws PemError describing what was recognised when the text is not PEM. */
export function readPemBlocks(text: string, expected: string): PemBlock[] {
    const trimmed = text.replace(/^\uFEFF/, "").trim();
    if (trimmed === "") throw new PemError(`is empty; paste the PEM text starting with -----BEGIN ${expected}-----`);
    if (!ARMOUR.test(trimmed)) throw new PemError(describeNonPem(trimmed, expected));
    // Line endings and trailing spaces are not significant (copy-paste from terminals and tickets adds them).
    const normalised = trimmed
        .replace(/\r\n?/g, "\n")
        .split("\n")
        .map((line) => line.trimEnd())
        .join("\n");
    let structs;
    try {
        structs = PemConverter.decodeWithHeaders(normalised);
    } catch {
        throw new PemError(`has a -----BEGIN line but its body is not valid base64 PEM; re-export it as PEM`);
    }
    if (structs.length === 0) throw new PemError(`has a -----BEGIN line but no complete PEM block (is the -----END line missing?)`);
    // The decoder skips blocks it cannot read; every BEGIN line must have become a block.
    const begun = normalised.match(/-----BEGIN [A-Z0-9 ]+-----/g)?.length ?? 0;
    if (begun !== structs.length) {
        throw new PemError(`has ${begun} -----BEGIN lines but only ${structs.length} readable PEM blocks; a block is damaged or its -----END line is missing — re-export it`);
    }
    return structs.map((s) => ({
        label: s.type,
        der: Buffer.from(s.rawData),
        headers: s.headers.map((h) => ({ key: h.key, value: h.value })),
    }));
}

function describeNonPem(text: string, expected: string): string {
    const compact = text.replace(/\s+/g, "");
    if (/^[A-Za-z0-9+/]+=*$/.test(compact) && compact.length >= 64) {
        const der = Buffer.from(compact, "base64");
        if (der[0] === 0x30) {
            if (looksLikeCertificate(der)) {
                return `looks like a base64 DER certificate without PEM armour; wrap it in -----BEGIN CERTIFICATE----- / -----END CERTIFICATE----- lines`;
            }
            return `looks like base64 DER (an ASN.1 structure) without PEM armour; convert it to PEM with -----BEGIN ${expected}----- lines (e.g. openssl x509 -inform DER or openssl pkey -inform DER)`;
        }
        return `is base64 text but not DER; expected PEM starting with -----BEGIN ${expected}-----`;
    }
    if (text.charCodeAt(0) === 0x30 && looksBinary(text.slice(0, 64))) {
        return `looks like binary DER, not PEM; convert it with openssl (x509 -inform DER -outform PEM) and paste the PEM text`;
    }
    return `is not PEM: expected text starting with -----BEGIN ${expected}-----`;
}

/** DER pasted as text: control characters other than whitespace appear early. */
const looksBinary = (head: string): boolean =>
    [...head].some((ch) => {
        const code = ch.charCodeAt(0);
        return (code < 0x20 && ch !== "\n" && ch !== "\r" && ch !== "\t") || code > 0x7e;
    });

function looksLikeCertificate(der: Buffer): boolean {
    try {
        new X509Certificate(der);
        return true;
    } catch {
        return false;
    }
}

/** Canonical PEM for a DER certificate, used to compare and to send to clouds. */
export const certificateToPem = (der: Buffer): string => PemConverter.encode(der, "CERTIFICATE");
