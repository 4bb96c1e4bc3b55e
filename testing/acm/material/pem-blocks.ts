/** One `-----BEGIN <label>----- ... -----END <label>-----` block of a PEM text. */
export interface PemBlock {
    label: string;
    /** RFC 1421 headers such as `Proc-Type: 4,ENCRYPTED` (legacy encrypted keys), empty when none. */
    headers: string;
    der: Buffer;
    /** The block as text, normalised to LF line ends. */
    text: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

export function readPemBlocks(pem: string): PemBlock[] {
    const blocks: PemBlock[] = [];
    for (const match of pem.matchAll(BLOCK)) {
        const label = match[1] ?? "";
        const body = (match[2] ?? "").replace(/\r/g, "");
        const headerEnd = body.indexOf("\n\n");
        const hasHeaders = /^[A-Za-z-]+:/.test(body) && headerEnd >= 0;
        const headers = hasHeaders ? body.slice(0, headerEnd) : "";
        const base64 = (hasHeaders ? body.slice(headerEnd + 2) : body).replace(/\s+/g, "");
        if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) continue;
        blocks.push({
            label,
            headers,
            der: Buffer.from(base64, "base64"),
            text: `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`,
        });
    }
    return blocks;
}
