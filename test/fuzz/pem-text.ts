/**
 * A small PEM reader of our own for the fuzz oracle and the mutators (the
 * provider's reader is what is under test): RFC 7468's strict grammar, and
 * the positions of base64 body characters for byte flips and truncation.
 */
export interface TextBlock {
    label: string;
    /** The block as it appears in the normalised text, armour included. */
    text: string;
    /** Undefined when the body is not clean, padded base64. */
    der: Buffer | undefined;
}

// RFC 7468's strict grammar as PEM readers apply it: matching labels, one
// optional blank line after BEGIN, then whole base64 lines.
const BLOCK = /-----BEGIN ([^\n]+?)-----\n\n?((?:[A-Za-z0-9=+/]+\n)+)-----END \1-----/g;
const CLEAN_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What a reader sees: BOM dropped, trimmed, CRLF/CR line ends as LF, whitespace at line ends dropped (RFC 7468 §3 lax parsing). */
export const normalise = (text: string): string =>
    text
        .replace(/^\uFEFF/, "")
        .trim()
        .replace(/\r\n?/g, "\n")
        .split("\n")
        .map((line) => line.trimEnd())
        .join("\n");

/** Blocks that follow the grammar, in order; malformed ones are not blocks. */
export function blocksOf(text: string): TextBlock[] {
    const out: TextBlock[] = [];
    for (const m of normalise(text).matchAll(BLOCK)) {
        const body = m[2].replace(/\n/g, "");
        const clean = CLEAN_BASE64.test(body) && body.length % 4 === 0;
        out.push({ label: m[1], text: m[0], der: clean ? Buffer.from(body, "base64") : undefined });
    }
    return out;
}

/** True when the text holds an armour line of the form readers look for first. */
export const hasArmour = (text: string): boolean => /-----BEGIN [A-Z0-9 ]+-----/.test(normalise(text));

/** The text without armour lines and whitespace: for a PEM, its base64 body. */
export function bodyText(text: string): string {
    return normalise(text)
        .replace(/-----[^\n]*?-----/g, "")
        .replace(/\s+/g, "");
}

export const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Offsets of the base64 characters on body lines (not armour lines) of a PEM text. */
export function bodyOffsets(text: string): number[] {
    const offsets: number[] = [];
    let lineStart = 0;
    for (const line of text.split("\n")) {
        if (!line.startsWith("-----")) {
            for (let i = 0; i < line.length; i++) if (BASE64_ALPHABET.includes(line[i])) offsets.push(lineStart + i);
        }
        lineStart += line.length + 1;
    }
    return offsets;
}
