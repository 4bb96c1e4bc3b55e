/** Small request/response helpers shared by the identity and Key Vault emulators. */
import type * as http from "node:http";

/** Hard cap on request bodies: certificates and token forms are small. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                reject(new Error("request body too large"));
                req.destroy();
                return;
            }
            chunks.push(chunk);
        });
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

export function sendJson(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
): void {
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "content-length": String(Buffer.byteLength(text)),
        ...headers,
    });
    res.end(text);
}

/** Host header without port, lowercased. */
export function requestHost(req: http.IncomingMessage): string {
    const host = req.headers.host ?? "";
    return host.replace(/:\d+$/, "").toLowerCase();
}
