/**
 * Finds the secrets of a deployment in any text, in every form a hostile or
 * careless endpoint could echo them: raw, base64 of any line width and at any
 * byte offset (a key inside a PFX or a JSON blob), base64url, hex and colon
 * hex, URL-encoded and JSON-escaped — as any substring of WINDOW or more
 * characters of such a form. Secrets shorter than WINDOW (but at least
 * MIN_EXACT) are found whole.
 *
 * Each form is cut into WINDOW-character windows (stride 1) kept in a set; a
 * text is searched by sliding the same window over each of its views
 * (text-views.ts), so the cost is linear in the text and in the secrets.
 * A PEM secret is indexed by what can travel: its body lines, the DER of each
 * block, and each block re-armoured as ACM receives it (base64 of that text in
 * a JSON request). At most MAX_INDEXED characters of any one form are indexed:
 * a real key is a few kilobytes (ACM's limit is 5,120 bytes), and a PFX holds
 * its key bag first.
 */
import { encodePem, readPemBlocks } from "../material/pem";
import { base64Projection, decodedView, hexProjection, identityView, projectBase64, TextView } from "./text-views";

export const WINDOW = 16;
/** Shorter secrets are not searched for: they would match ordinary words. */
export const MIN_EXACT = 8;
/** Windows with fewer distinct characters (`AAAA…`, `0000…`, `----…`) say nothing about a secret. */
const MIN_DISTINCT = 5;
export const MAX_INDEXED = 32 * 1024;

export type Secret = string | Uint8Array;

export interface Range {
    start: number;
    end: number;
}

/** Character counts of the current window, reused (a rolling count keeps windowing linear). */
const counts = new Int32Array(65536);

function addWindows(into: Set<string>, whole: string): void {
    const form = whole.length > MAX_INDEXED ? whole.slice(0, MAX_INDEXED) : whole;
    if (form.length < WINDOW) return;
    let distinct = 0;
    for (let i = 0; i < form.length; i++) {
        if (counts[form.charCodeAt(i)]++ === 0) distinct++;
        if (i >= WINDOW && --counts[form.charCodeAt(i - WINDOW)] === 0) distinct--;
        if (i >= WINDOW - 1 && distinct >= MIN_DISTINCT) into.add(form.slice(i - WINDOW + 1, i + 1));
    }
    for (let i = Math.max(0, form.length - WINDOW); i < form.length; i++) counts[form.charCodeAt(i)] = 0;
}

/** A PEM's body: the text without armour lines and RFC 1421 header lines, in the base64 projection. */
function pemBody(text: string): string {
    return projectBase64(
        text
            .split(/\r\n|\r|\n/)
            .filter((line) => !line.startsWith("-----") && !line.includes(": "))
            .join(""),
    );
}

function parsedBlocks(text: string): { label: string; der: Buffer }[] {
    try {
        return readPemBlocks(text, "PRIVATE KEY");
    } catch {
        return [];
    }
}

export class SecretMatcher {
    private readonly raw = new Set<string>();
    private readonly base64 = new Set<string>();
    private readonly hex = new Set<string>();
    private readonly exact = new Set<string>();

    get empty(): boolean {
        return this.raw.size + this.base64.size + this.hex.size + this.exact.size === 0;
    }

    /** Adds one secret value: a string (key PEM, password, client secret, token) or bytes (DER, PFX). */
    add(secret: Secret): this {
        if (typeof secret === "string") this.addText(secret);
        else this.addBytes(Buffer.from(secret.subarray(0, MAX_INDEXED)));
        return this;
    }

    private addText(text: string): void {
        const value = text.trim();
        if (value.length < MIN_EXACT) return;
        if (!/[\r\n]/.test(value)) {
            // A password, client secret or token: as written, and base64/hex of its bytes (e.g. in a Basic auth header).
            if (value.length < WINDOW) this.exact.add(value);
            else addWindows(this.raw, value);
            this.addBytes(Buffer.from(value.slice(0, MAX_INDEXED), "utf8"));
        }
        const body = pemBody(value);
        if (body.length < WINDOW) return;
        addWindows(this.base64, body);
        const blocks = parsedBlocks(value);
        if (blocks.length === 0) this.addBytes(Buffer.from(body.slice(0, MAX_INDEXED), "base64"));
        for (const block of blocks) {
            this.addBytes(block.der);
            this.addBytes(Buffer.from(encodePem(block.der, block.label), "utf8"));
        }
    }

    /** Bytes: base64 at the three byte alignments (a secret inside a larger blob), and hex. */
    private addBytes(bytes: Buffer): void {
        if (bytes.length < MIN_EXACT) return;
        for (let shift = 0; shift < 3; shift++)
            addWindows(this.base64, projectBase64(bytes.subarray(shift).toString("base64")));
        addWindows(this.hex, bytes.toString("hex"));
    }

    /** Every span of `text` that holds a secret, in any order, possibly overlapping. */
    find(text: string): Range[] {
        if (this.empty || text.length < MIN_EXACT) return [];
        const ranges: Range[] = [];
        const raw = identityView(text);
        const decoded = decodedView(text);
        for (const view of [raw, decoded]) {
            slide(view, this.raw, ranges);
            for (const value of this.exact) findExact(view, value, ranges);
        }
        slide(base64Projection(decoded), this.base64, ranges);
        slide(hexProjection(raw), this.hex, ranges);
        return ranges;
    }
}

function slide(view: TextView, windows: Set<string>, into: Range[]): void {
    if (windows.size === 0) return;
    for (let i = 0; i + WINDOW <= view.text.length; i++) {
        if (windows.has(view.text.slice(i, i + WINDOW)))
            into.push({ start: view.start[i], end: view.end[i + WINDOW - 1] });
    }
}

function findExact(view: TextView, value: string, into: Range[]): void {
    for (let at = view.text.indexOf(value); at !== -1; at = view.text.indexOf(value, at + 1)) {
        into.push({ start: view.start[at], end: view.end[at + value.length - 1] });
    }
}

/** Replaces the union of `ranges` in `text` with `marker`. */
export function cutRanges(text: string, ranges: Range[], marker: string): string {
    if (ranges.length === 0) return text;
    const sorted = [...ranges].sort((a, b) => a.start - b.start);
    let out = "";
    let at = 0;
    let current = { ...sorted[0] };
    const flush = (): void => {
        out += text.slice(at, current.start) + marker;
        at = current.end;
    };
    for (const r of sorted.slice(1)) {
        if (r.start <= current.end) current.end = Math.max(current.end, r.end);
        else {
            flush();
            current = { ...r };
        }
    }
    flush();
    return out + text.slice(at);
}
