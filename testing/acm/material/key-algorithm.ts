import type { KeyObject } from "node:crypto";

/** The key algorithms ACM accepts for import (docs.aws.amazon.com/acm/latest/userguide/import-certificate-prerequisites.html). */
export const ACM_KEY_ALGORITHMS = [
    "RSA_1024",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "EC_prime256v1",
    "EC_secp384r1",
    "EC_secp521r1",
] as const;

export type AcmKeyAlgorithm = (typeof ACM_KEY_ALGORITHMS)[number];

/** `enum`: the SDK's KeyAlgorithm (`RSA_2048`); `hyphenated`: the form the service has also returned (`RSA-2048`). */
export type KeyAlgorithmStyle = "enum" | "hyphenated";

/** ListCertificates without Includes.keyTypes (docs.aws.amazon.com/acm/latest/APIReference/API_Filters.html). */
export const DEFAULT_LISTED_KEY_ALGORITHMS: readonly AcmKeyAlgorithm[] = ["RSA_1024", "RSA_2048"];

export function isAcmKeyAlgorithm(value: string): value is AcmKeyAlgorithm {
    return (ACM_KEY_ALGORITHMS as readonly string[]).includes(value);
}

/** The ACM name of a key, or undefined when ACM does not accept that algorithm or size. */
export function keyAlgorithmOf(key: KeyObject): AcmKeyAlgorithm | undefined {
    const details = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === "rsa") {
        const name = `RSA_${details.modulusLength ?? 0}`;
        return isAcmKeyAlgorithm(name) ? name : undefined;
    }
    if (key.asymmetricKeyType === "ec") {
        const name = `EC_${details.namedCurve ?? ""}`;
        return isAcmKeyAlgorithm(name) ? name : undefined;
    }
    return undefined;
}

/** A short description of an unsupported key for error messages, e.g. "rsa 1536" or "ec secp256k1". */
export function describeKey(key: KeyObject): string {
    const details = key.asymmetricKeyDetails ?? {};
    const size = details.modulusLength ?? details.namedCurve ?? "";
    return `${key.asymmetricKeyType ?? "unknown"} ${size}`.trim();
}

export function formatKeyAlgorithm(algorithm: AcmKeyAlgorithm, style: KeyAlgorithmStyle): string {
    return style === "hyphenated" ? algorithm.replace("_", "-") : algorithm;
}
