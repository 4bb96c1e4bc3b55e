/**
 * Views of a text in which an encoded secret reads as its plain encoding, each
 * character remembering the span of the original text it came from, so that a
 * match in a view redacts the right characters of the original. Every view is
 * one linear pass.
 *
 * - `decoded`: JSON/JS escapes (`\n`, `\u002B`, `\/`) and URL escapes (`%2B`)
 *   undone, so a URL-encoded or JSON-quoted PEM reads as PEM.
 * - `base64Projection`: only base64 characters, base64url's `-`/`_` read as
 *   `+`/`/`: line folding of any width, CRLF-plus-space, quotes and padding
 *   vanish.
 * - `hexProjection`: only hex digits, lowercased: colon hex, spaced hex,
 *   `%30%82…` and `\x30\x82…` read as plain hex.
 */
export interface TextView {
    text: string;
    /** For character i of `text`: where its source starts in the original text. */
    start: Int32Array;
    /** For character i of `text`: where its source ends (exclusive). */
    end: Int32Array;
}

const HEX = "0123456789abcdef";
const hexValue = (code: number): number => {
    if (code >= 0x30 && code <= 0x39) return code - 0x30;
    const lower = code | 0x20;
    return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
};

class ViewBuilder {
    private readonly chars: string[] = [];
    private readonly starts: number[] = [];
    private readonly ends: number[] = [];

    push(char: string, start: number, end: number): void {
        this.chars.push(char);
        this.starts.push(start);
        this.ends.push(end);
    }

    build(): TextView {
        return { text: this.chars.join(""), start: Int32Array.from(this.starts), end: Int32Array.from(this.ends) };
    }
}

export function identityView(text: string): TextView {
    const start = new Int32Array(text.length);
    const end = new Int32Array(text.length);
    for (let i = 0; i < text.length; i++) {
        start[i] = i;
        end[i] = i + 1;
    }
    return { text, start, end };
}

/** Escapes that only separate lines or quote characters: dropped with their backslash. */
const LAYOUT_ESCAPES = new Set(["n", "r", "t", "b", "f"]);

/** JSON/JS and URL escapes undone (see the module comment). */
export function decodedView(text: string): TextView {
    const out = new ViewBuilder();
    for (let i = 0; i < text.length;) {
        const ch = text[i];
        if (
            ch === "%" &&
            i + 2 < text.length &&
            hexValue(text.charCodeAt(i + 1)) >= 0 &&
            hexValue(text.charCodeAt(i + 2)) >= 0
        ) {
            out.push(
                String.fromCharCode(hexValue(text.charCodeAt(i + 1)) * 16 + hexValue(text.charCodeAt(i + 2))),
                i,
                i + 3,
            );
            i += 3;
            continue;
        }
        if (ch === "\\") {
            let j = i;
            while (j < text.length && text[j] === "\\") j++; // doubly escaped text (JSON inside JSON) has runs of backslashes
            const next = text[j] ?? "";
            if (LAYOUT_ESCAPES.has(next)) {
                i = j + 1;
                continue;
            }
            if (
                next === "u" &&
                j + 4 < text.length &&
                [1, 2, 3, 4].every((k) => hexValue(text.charCodeAt(j + k)) >= 0)
            ) {
                out.push(String.fromCharCode(parseInt(text.slice(j + 1, j + 5), 16)), i, j + 5);
                i = j + 5;
                continue;
            }
            if (next === "/" || next === '"' || next === "'") {
                out.push(next, i, j + 1);
                i = j + 1;
                continue;
            }
        }
        out.push(ch, i, i + 1);
        i += 1;
    }
    return out.build();
}

/** Keeps the characters `map` returns a replacement for, dropping the rest. */
function projection(view: TextView, map: (code: number) => string | undefined): TextView {
    const out = new ViewBuilder();
    for (let i = 0; i < view.text.length; i++) {
        const kept = map(view.text.charCodeAt(i));
        if (kept !== undefined) out.push(kept, view.start[i], view.end[i]);
    }
    return out.build();
}

/** The base64 alphabet as one form: base64url's `-`/`_` as `+`/`/`; `=` and everything else dropped. */
export function base64Char(code: number): string | undefined {
    if (
        (code >= 0x41 && code <= 0x5a) ||
        (code >= 0x61 && code <= 0x7a) ||
        (code >= 0x30 && code <= 0x39) ||
        code === 0x2b ||
        code === 0x2f
    ) {
        return String.fromCharCode(code);
    }
    if (code === 0x2d) return "+";
    if (code === 0x5f) return "/";
    return undefined;
}

export function hexChar(code: number): string | undefined {
    const v = hexValue(code);
    return v >= 0 ? HEX[v] : undefined;
}

export const base64Projection = (view: TextView): TextView => projection(view, base64Char);
export const hexProjection = (view: TextView): TextView => projection(view, hexChar);

/** A plain string in the base64 projection's alphabet (for building secret forms). */
export function projectBase64(text: string): string {
    let out = "";
    for (let i = 0; i < text.length; i++) out += base64Char(text.charCodeAt(i)) ?? "";
    return out;
}
