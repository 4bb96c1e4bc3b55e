/**
 * ACM's key algorithm names and import limits.
 * docs.aws.amazon.com/acm/latest/userguide/import-certificate-prerequisites.html
 */
import type { KeyFacts } from "../material/key";

const RSA_SIZES = [1024, 2048, 3072, 4096];
const EC_CURVES: Record<string, string> = {
    prime256v1: "EC_prime256v1",
    secp384r1: "EC_secp384r1",
    secp521r1: "EC_secp521r1",
};
/** ACM refuses private keys larger than this many bytes. */
export const ACM_MAX_KEY_BYTES = 5120;

/** The ACM enum for a key, or undefined when ACM cannot import it. */
export function acmKeyAlgorithm(key: Pick<KeyFacts, "type" | "bits" | "curve">): string | undefined {
    if (key.type === "rsa" && key.bits !== undefined && RSA_SIZES.includes(key.bits)) return `RSA_${key.bits}`;
    if (key.type === "ec" && key.curve !== undefined) return EC_CURVES[key.curve];
    return undefined;
}

/** The service has returned hyphenated forms (`RSA-2048`) as well as the SDK enum; accept both (DESIGN.md §6). */
export const normaliseAcmKeyAlgorithm = (value: string): string => value.replace(/-/g, "_");

/** CloudFront accepts only RSA 1024/2048/3072 and EC P-256 (and only from us-east-1). */
export const CLOUDFRONT_KEY_ALGORITHMS = ["RSA_1024", "RSA_2048", "RSA_3072", "EC_prime256v1"];

export const SUPPORTED_ACM_ALGORITHMS = "RSA 1024/2048/3072/4096 or EC P-256/P-384/P-521";
