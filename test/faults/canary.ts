/**
 * Canary keys and a search for any fragment of them. A key leaks in many
 * shapes, so each canary is indexed as: its PEM body, base64 and base64url of
 * its DER at all three byte alignments (a key inside a PFX or another blob is
 * encoded at an arbitrary offset), hex of its DER, the other DER encoding
 * (PKCS#1 / SEC1), and the private JWK components (d, p, q, …) in base64,
 * base64url and hex. Windows that also occur in the public key's encodings
 * are dropped: a key file carries public parts (an RSA modulus, an EC point)
 * that the certificate legitimately shows everywhere. A haystack leaks when
 * any 24-character window of it (text) or any 16-byte window of a private
 * component (binary) is found.
 */
import { createPrivateKey, createPublicKey, KeyObject } from "node:crypto";

const TEXT_WINDOW = 24;
const BYTE_WINDOW = 16;

const PRIVATE_JWK = ["d", "p", "q", "dp", "dq", "qi"] as const;
const PUBLIC_JWK = ["n", "e", "x", "y"] as const;

function windows(texts: string[]): Set<string> {
    const out = new Set<string>();
    for (const text of texts)
        for (let i = 0; i + TEXT_WINDOW <= text.length; i++) out.add(text.slice(i, i + TEXT_WINDOW));
    return out;
}

function encodings(der: Buffer): string[] {
    const out: string[] = [];
    for (let shift = 0; shift < 3; shift++) {
        const part = der.subarray(shift);
        out.push(part.toString("base64"), part.toString("base64url"));
    }
    const hex = der.toString("hex");
    out.push(hex, hex.toUpperCase());
    return out;
}

export class CanaryIndex {
    private readonly windows = new Set<string>();
    /** Raw private components (d, p, q, …), for binary files. */
    private readonly secrets: Buffer[] = [];
    /** Keys indexed so far, for messages. */
    count = 0;

    addKey(keyPem: string): this {
        const key: KeyObject = createPrivateKey(keyPem);
        const pkcs8 = key.export({ type: "pkcs8", format: "der" });
        const other =
            key.asymmetricKeyType === "rsa"
                ? key.export({ type: "pkcs1", format: "der" })
                : key.export({ type: "sec1", format: "der" });
        const jwk = key.export({ format: "jwk" });
        const components = (names: readonly string[]): Buffer[] =>
            names
                .map((n) => (jwk as Record<string, unknown>)[n])
                .flatMap((v) => (typeof v === "string" ? [Buffer.from(v, "base64url")] : []));
        const secret = components(PRIVATE_JWK);
        const spki = createPublicKey(key).export({ type: "spki", format: "der" });
        const published = windows([...encodings(spki), ...components(PUBLIC_JWK).flatMap(encodings)]);
        for (const w of windows([...encodings(pkcs8), ...encodings(other), ...secret.flatMap(encodings)]))
            if (!published.has(w)) this.windows.add(w);
        this.secrets.push(...secret);
        this.count += 1;
        return this;
    }

    /** Adds a secret string (a password, a client secret): as written, URL-encoded, and base64/hex of its bytes. */
    addSecretText(secret: string): this {
        const bytes = Buffer.from(secret, "utf8");
        for (const w of windows([secret, encodeURIComponent(secret), ...encodings(bytes)])) this.windows.add(w);
        this.count += 1;
        return this;
    }

    /** The first canary window in the text, or undefined. */
    findInText(text: string): string | undefined {
        for (let i = 0; i + TEXT_WINDOW <= text.length; i++) {
            const w = text.slice(i, i + TEXT_WINDOW);
            if (this.windows.has(w)) return w;
        }
        return undefined;
    }

    /** A canary window in the bytes, as text (any encoding above) or as raw private-component bytes. */
    findInBytes(bytes: Buffer): string | undefined {
        const asText = this.findInText(bytes.toString("latin1"));
        if (asText !== undefined) return asText;
        for (const secret of this.secrets) {
            for (let i = 0; i + BYTE_WINDOW <= secret.length; i += BYTE_WINDOW) {
                if (bytes.includes(secret.subarray(i, i + BYTE_WINDOW)))
                    return `private key bytes ${secret.subarray(i, i + 4).toString("hex")}…`;
            }
        }
        return undefined;
    }
}
