/**
 * Key material must never come back in a CheckFailure or a log line: not the
 * valid keys the cases start from, and not whatever text a case put into
 * privateKeyPem (a secret input, however malformed).
 *
 * Every 16-character window of a secret (stride 1) goes into a set; a
 * haystack leaks when one of its own 16-character windows is in the set.
 */
import { bodyText } from "./pem-text";

const WINDOW = 16;
/** Windows with fewer distinct characters (padding, "AAAA…") say nothing about a leak. */
const MIN_DISTINCT = 8;

function addWindows(into: Set<string>, text: string): void {
    for (let i = 0; i + WINDOW <= text.length; i++) {
        const w = text.slice(i, i + WINDOW);
        if (new Set(w).size >= MIN_DISTINCT) into.add(w);
    }
}

export class LeakIndex {
    private readonly windows = new Set<string>();

    /** Adds a key: its PEM body (base64 of the DER) and the DER in hex, both cases. */
    addKey(keyPem: string): this {
        const body = bodyText(keyPem);
        const hex = Buffer.from(body, "base64").toString("hex");
        for (const text of [body, hex, hex.toUpperCase()]) addWindows(this.windows, text);
        return this;
    }

    /** Adds an arbitrary secret input: its text without armour lines and whitespace. */
    addSecretInput(value: unknown): this {
        if (typeof value === "string") addWindows(this.windows, bodyText(value));
        return this;
    }

    /** The first secret window found in the haystack, or undefined. */
    find(haystack: string): string | undefined {
        for (let i = 0; i + WINDOW <= haystack.length; i++) {
            const w = haystack.slice(i, i + WINDOW);
            if (this.windows.has(w)) return w;
        }
        return undefined;
    }
}
