/** PEM comparison by content: whitespace, line endings and armour noise are not changes. */
import { readPemBlocks } from "./pem";

function canonical(text: string | undefined): string {
    if (text === undefined || text.trim() === "") return "";
    try {
        return readPemBlocks(text, "CERTIFICATE")
            .map((b) => `${b.label}:${b.der.toString("base64")}`)
            .join("|");
    } catch {
        return text.replace(/\s+/g, "");
    }
}

export const samePem = (a: string | undefined, b: string | undefined): boolean => canonical(a) === canonical(b);
