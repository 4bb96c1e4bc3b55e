/**
 * Redaction by shape, for secrets nobody told us about: a PEM block with a
 * body (an armour line followed by base64 lines), and long base64 runs (DER,
 * PFX). An armour line in our own hints ("starting with -----BEGIN
 * CERTIFICATE-----") is followed by words, not base64 lines, and is left
 * alone. Linear: one scan, the next END found with a cursor that only moves
 * forward.
 */
const BEGIN = "-----BEGIN ";
const END = "-----END ";
const DASHES = "-----";
/** The first body line must be at least this long… */
const MIN_FIRST_LINE = 16;
/** …and hold a digit, `+` or `/` unless it is this long (English words hold none). */
const PLAIN_FIRST_LINE = 40;
const LONG_BASE64 = /[A-Za-z0-9+/_-]{120,}={0,2}/g;
/**
 * `scheme://user:password@`. Linear: the scheme is bounded, and a user-info run ends at the first `/`,
 * so the runs tried from different schemes never overlap.
 */
const URL_USER_INFO = /\b([a-z][a-z0-9+.-]{0,15}:\/\/)[^\s/?#@]+@/gi;

const isBase64 = (code: number): boolean =>
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2b ||
    code === 0x2f ||
    code === 0x3d;
const isDigitOrSign = (code: number): boolean => (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2f;
const isSpace = (code: number): boolean => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

/** End of the armour line starting at `at` (after its closing dashes), or -1. */
function armourEnd(text: string, at: number, word: string): number {
    let i = at + word.length;
    while (i < text.length && i - at < 80 && text[i] !== "-" && text[i] !== "\n") i++;
    return text.startsWith(DASHES, i) ? i + DASHES.length : -1;
}

const skipSpace = (text: string, i: number): number => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    return i;
};

/** Header lines are short, and a block has few: both bounds keep the scan linear. */
const MAX_HEADER_LINE = 128;
const MAX_HEADERS = 16;

/** Skips RFC 1421 header lines (`Proc-Type: 4,ENCRYPTED`) right after the armour. */
function skipHeaders(text: string, i: number): number {
    for (let n = 0; n < MAX_HEADERS; n++) {
        const head = text.slice(i, i + MAX_HEADER_LINE);
        const lineEnd = head.indexOf("\n");
        if (lineEnd === -1 || !/^[A-Za-z-]{1,40}: /.test(head)) return i;
        i = skipSpace(text, i + lineEnd);
    }
    return i;
}

/** Where the base64 body starting at `i` ends, or -1 when what follows is not a body. */
function bodyEnd(text: string, i: number): number {
    let first = true;
    for (;;) {
        const runStart = i;
        let signs = false;
        while (i < text.length && isBase64(text.charCodeAt(i))) signs = isDigitOrSign(text.charCodeAt(i++)) || signs;
        const run = i - runStart;
        if (first && (run < MIN_FIRST_LINE || (!signs && run < PLAIN_FIRST_LINE))) return -1;
        first = false;
        const next = skipSpace(text, i);
        if (next === i || next >= text.length || !isBase64(text.charCodeAt(next))) return i;
        i = next;
    }
}

export function redactPemBlocks(text: string, marker: string): string {
    let out = "";
    let copied = 0;
    let nextEnd = -1;
    for (let at = text.indexOf(BEGIN); at !== -1; at = text.indexOf(BEGIN, Math.max(at + 1, copied))) {
        const armour = armourEnd(text, at, BEGIN);
        if (armour === -1) continue;
        const body = skipHeaders(text, skipSpace(text, armour));
        const end = bodyEnd(text, body);
        if (end === -1) continue;
        const after = skipSpace(text, end);
        if (nextEnd < after) nextEnd = text.indexOf(END, after);
        if (nextEnd === -1) nextEnd = text.length; // no END anywhere further: never search again
        const endLine = nextEnd === after ? armourEnd(text, after, END) : -1;
        out += text.slice(copied, at) + marker;
        copied = endLine === -1 ? end : endLine;
    }
    return out + text.slice(copied);
}

export const redactLongBase64 = (text: string, marker: string): string => text.replace(LONG_BASE64, marker);

/** A URL's user-info part (`https://:secret@host`) never reaches a message. */
export const redactUrlUserInfo = (text: string, marker: string): string => text.replace(URL_USER_INFO, `$1${marker}@`);
