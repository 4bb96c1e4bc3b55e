/** Private key parsing and matching with node:crypto. Key bytes never leave this module in a message. */
import { createPrivateKey, createPublicKey, KeyObject } from "node:crypto";
import { encodePem, PemError, readPemBlocks } from "./pem";

export interface KeyFacts {
    /** `rsa`, `ec`, `ed25519`, `rsa-pss`, … as node:crypto names them. */
    type: string;
    /** RSA modulus length in bits. */
    bits?: number;
    /** EC named curve, e.g. `prime256v1`, `secp384r1`, `secp521r1`. */
    curve?: string;
    format: "pkcs8" | "pkcs1" | "sec1";
    spki: Buffer;
    /** Unencrypted PKCS#8 PEM of the key (Key Vault accepts only PKCS#8). */
    pkcs8Pem: string;
    /** The key block as the user gave it, re-armoured without surrounding noise (what ACM receives). */
    originalPem: string;
    keyObject: KeyObject;
}

const FORMATS: Record<string, KeyFacts["format"]> = {
    "PRIVATE KEY": "pkcs8",
    "RSA PRIVATE KEY": "pkcs1",
    "EC PRIVATE KEY": "sec1",
};

export function readPrivateKey(text: string): KeyFacts {
    const blocks = readPemBlocks(text, "PRIVATE KEY").filter((b) => b.label !== "EC PARAMETERS");
    const labels = blocks.map((b) => b.label);
    if (
        labels.includes("ENCRYPTED PRIVATE KEY") ||
        blocks.some((b) => b.headers.some((h) => h.key === "Proc-Type" && h.value.includes("ENCRYPTED")))
    ) {
        throw new PemError(
            "is encrypted; ACM and Key Vault need an unencrypted key: decrypt it with `openssl pkey -in key.pem -out plain.pem` and keep it only in a Pulumi secret",
        );
    }
    const keyBlocks = blocks.filter((b) => b.label in FORMATS);
    if (keyBlocks.length === 0) {
        const found = labels.map((l) => `-----BEGIN ${l}-----`).join(", ");
        throw new PemError(
            `holds ${found} but no private key; expected one PEM block labelled PRIVATE KEY (PKCS#8), RSA PRIVATE KEY (PKCS#1) or EC PRIVATE KEY (SEC1)`,
        );
    }
    if (keyBlocks.length > 1) throw new PemError(`holds ${keyBlocks.length} private keys; give exactly one`);
    const block = keyBlocks[0];
    const format = FORMATS[block.label];
    let keyObject: KeyObject;
    try {
        keyObject = createPrivateKey({ key: block.der, format: "der", type: format });
    } catch {
        throw new PemError(
            `has a ${block.label} block that node:crypto cannot parse as ${format.toUpperCase()}; re-export the key with openssl pkey`,
        );
    }
    const details = keyObject.asymmetricKeyDetails ?? {};
    return {
        type: keyObject.asymmetricKeyType ?? "unknown",
        bits: details.modulusLength,
        curve: details.namedCurve,
        format,
        spki: createPublicKey(keyObject).export({ type: "spki", format: "der" }),
        pkcs8Pem: keyObject.export({ type: "pkcs8", format: "pem" }).toString(),
        originalPem: encodePem(block.der, block.label),
        keyObject,
    };
}

/** A readable name for the key, e.g. `RSA 2048` or `EC prime256v1`. Holds no key material. */
export function describeKey(key: Pick<KeyFacts, "type" | "bits" | "curve">): string {
    if (key.type === "rsa" || key.type === "rsa-pss") return `${key.type.toUpperCase()} ${key.bits ?? "?"}`;
    if (key.type === "ec") return `EC ${key.curve ?? "?"}`;
    return key.type.toUpperCase();
}
