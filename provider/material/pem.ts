/**
 * PEM block splitting and recognition of what a user pasted.
 *
 * The text is split by a line scanner of our own whose cost is linear in the
 * input: no regular expression here backtracks. @peculiar/x509's
 * PemConverter is not used to decode: its header pattern backtracks
 * exponentially on a header line followed by indented lines that look like
 * headers (`-----BEGIN X-----\nA: B\n     a: b\n…`, ~5× per line), so a
 * 150-character input could hang `pulumi preview`. Each block's body is
 * checked to be clean, padded base64 and decoded by Node's Buffer; the DER
 * then goes to the X.509 and key libraries. Grammar (RFC 7468 with RFC 1421
 * headers, as PemConverter read it): a `-----BEGIN LABEL-----` line, optional
 * `Key: value` header lines (continued by lines starting with a space), an
 * optional blank line, one or more base64 lines, `-----END LABEL-----`.
 */
import { X509Certificate } from "./x509";

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
        return (
            typeof e === "object" && e !== null && (e as { certdeployPemError?: unknown }).certdeployPemError === true
        );
    }
}

const DASHES = "-----";

/** True for characters allowed in a label: A-Z, 0-9 and space. */
const isLabelChar = (code: number): boolean =>
    (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x20;
/** True for the base64 alphabet plus `=`. */
const isBase64Char = (code: number): boolean =>
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2b ||
    code === 0x2f ||
    code === 0x3d;

function allChars(text: string, from: number, to: number, ok: (code: number) => boolean): boolean {
    for (let i = from; i < to; i++) if (!ok(text.charCodeAt(i))) return false;
    return true;
}

/** The label of a whole `-----BEGIN LABEL-----` (or END) line, else undefined. */
function armourLabel(line: string, word: "BEGIN" | "END"): string | undefined {
    const open = `${DASHES}${word} `;
    if (!line.startsWith(open) || !line.endsWith(DASHES) || line.length <= open.length + DASHES.length)
        return undefined;
    const from = open.length;
    const to = line.length - DASHES.length;
    return allChars(line, from, to, isLabelChar) ? line.slice(from, to) : undefined;
}

/** Occurrences of `-----BEGIN <label chars>-----` anywhere (a BEGIN inside a line counts too): one scan. */
export function countBeginMarkers(text: string): number {
    const marker = `${DASHES}BEGIN `;
    let count = 0;
    for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) {
        let i = at + marker.length;
        while (i < text.length && isLabelChar(text.charCodeAt(i))) i++;
        if (i > at + marker.length && text.startsWith(DASHES, i)) count++;
    }
    return count;
}

const isBase64Line = (line: string): boolean => line.length > 0 && allChars(line, 0, line.length, isBase64Char);

/** `Key: value` with a key free of colons: RFC 1421 encapsulated headers. */
function headerOf(line: string): { key: string; value: string } | undefined {
    const colon = line.indexOf(":");
    if (colon <= 0 || line.charCodeAt(colon + 1) !== 0x20 || line.length <= colon + 2 || line.charCodeAt(0) === 0x20)
        return undefined;
    return { key: line.slice(0, colon), value: line.slice(colon + 2).trim() };
}

/** Padded base64 (RFC 4648 §4): length a multiple of 4, `=` only as one or two final characters. */
function isCleanBase64(body: string): boolean {
    if (body.length % 4 !== 0) return false;
    const firstPad = body.indexOf("=");
    return (
        firstPad === -1 ||
        (firstPad >= body.length - 2 && allChars(body, firstPad, body.length, (code) => code === 0x3d))
    );
}

interface ScannedBlock {
    label: string;
    body: string;
    headers: { key: string; value: string }[];
}

/** Reads one block starting at the BEGIN line `start`; returns it and the line after END, or undefined if it is malformed. */
function scanBlock(lines: string[], start: number, label: string): { block: ScannedBlock; next: number } | undefined {
    let i = start + 1;
    const headers: { key: string; value: string }[] = [];
    for (let header = headerOf(lines[i] ?? ""); header; header = headerOf(lines[i] ?? "")) {
        i++;
        while (i < lines.length && lines[i].startsWith(" ") && lines[i].trim() !== "")
            header.value += lines[i++].trim();
        headers.push(header);
    }
    if (lines[i] === "") i++;
    const bodyStart = i;
    while (i < lines.length && isBase64Line(lines[i])) i++;
    if (i === bodyStart || i >= lines.length) return undefined;
    if (!lines[i].startsWith(`${DASHES}END ${label}${DASHES}`)) return undefined;
    return { block: { label, body: lines.slice(bodyStart, i).join(""), headers }, next: i + 1 };
}

/**
 * Line ends and trailing spaces are not significant (copy-paste from terminals and tickets adds them),
 * and a BEGIN line may follow an END on the same line (files concatenated without a final newline).
 */
function normalisedLines(text: string): string[] {
    const marker = `${DASHES}BEGIN `;
    return text
        .split(marker)
        .map((part, i, parts) =>
            i === 0
                ? part
                : `${/[\r\n]$/.test(parts[i - 1]) || (i === 1 && parts[0] === "") ? "" : "\n"}${marker}${part}`,
        )
        .join("")
        .split(/\r\n|\r|\n/)
        .map((line) => line.trimEnd());
}

/** Splits PEM text into blocks; throws PemError describing what was recognised when the text is not PEM. */
export function readPemBlocks(text: string, expected: string): PemBlock[] {
    const trimmed = text.replace(/^\uFEFF/, "").trim();
    if (trimmed === "") throw new PemError(`is empty; paste the PEM text starting with -----BEGIN ${expected}-----`);
    const begun = countBeginMarkers(trimmed);
    if (begun === 0) throw new PemError(describeNonPem(trimmed, expected));
    const lines = normalisedLines(trimmed);
    const scanned: ScannedBlock[] = [];
    for (let i = 0; i < lines.length;) {
        const label = armourLabel(lines[i], "BEGIN");
        const found = label === undefined ? undefined : scanBlock(lines, i, label);
        if (found) scanned.push(found.block);
        i = found ? found.next : i + 1;
    }
    if (scanned.length === 0)
        throw new PemError(`has a -----BEGIN line but no complete PEM block (is the -----END line missing?)`);
    if (scanned.some((b) => !isCleanBase64(b.body)))
        throw new PemError(`has a -----BEGIN line but its body is not valid base64 PEM; re-export it as PEM`);
    // Every BEGIN line must have become a block: a damaged one is not skipped silently.
    if (begun !== scanned.length) {
        throw new PemError(
            `has ${begun} -----BEGIN lines but only ${scanned.length} readable PEM blocks; a block is damaged or its -----END line is missing — re-export it`,
        );
    }
    return scanned.map((b) => ({ label: b.label, der: Buffer.from(b.body, "base64"), headers: b.headers }));
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

/** Canonical PEM for DER: 64-column base64 between armour lines (RFC 7468 §2). */
export function encodePem(der: Buffer, label: string): string {
    const base64 = der.toString("base64");
    const lines: string[] = [];
    for (let i = 0; i < base64.length; i += 64) lines.push(base64.slice(i, i + 64));
    return [`${DASHES}BEGIN ${label}${DASHES}`, ...lines, `${DASHES}END ${label}${DASHES}`].join("\n");
}

/** Canonical PEM for a DER certificate, used to compare and to send to clouds. */
export const certificateToPem = (der: Buffer): string => encodePem(der, "CERTIFICATE");
