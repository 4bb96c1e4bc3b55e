/**
 * The keys Key Vault imports with a certificate: RSA 2048/3072/4096 and EC on four curves.
 * learn.microsoft.com/rest/api/keyvault/certificates/import-certificate/import-certificate
 */
import type { KeyFacts } from "../material/key";

const RSA_SIZES = [2048, 3072, 4096];
const EC_CURVES = ["prime256v1", "secp384r1", "secp521r1", "secp256k1"];

export const SUPPORTED_KEY_VAULT_KEYS = "RSA 2048/3072/4096 or EC P-256/P-384/P-521/P-256K";

/** True when Key Vault can import a certificate with this key. */
export function keyVaultImportsKey(key: Pick<KeyFacts, "type" | "bits" | "curve">): boolean {
    if (key.type === "rsa") return key.bits !== undefined && RSA_SIZES.includes(key.bits);
    if (key.type === "ec") return key.curve !== undefined && EC_CURVES.includes(key.curve);
    return false;
}
