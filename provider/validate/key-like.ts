/**
 * Text that must never go where values are shown in plain text (tags): PEM
 * armour or the words PRIVATE KEY, a long base64 run that is not plain hex (a
 * key body line, a PFX), or any fragment of a secret in play in this
 * deployment (the private key, the client secret, the federated token), in
 * any encoding. Hex runs stay allowed: fingerprints and commit ids are
 * ordinary tag values.
 */
import { holdsSecretInPlay } from "../redaction/redact";

/** A PEM body line is 64 characters; shorter base64-looking runs are ordinary ids. */
const LONG_RUN = 64;

function hasLongBase64Run(text: string): boolean {
    let run = 0;
    let nonHex = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        const base64 = /[A-Za-z0-9+/=]/.test(ch);
        run = base64 ? run + 1 : 0;
        nonHex = base64 ? nonHex || !/[0-9a-fA-F]/.test(ch) : false;
        if (run >= LONG_RUN && nonHex) return true;
    }
    return false;
}

export function looksLikeKeyMaterial(text: string): boolean {
    if (/PRIVATE KEY|-----BEGIN |-----END /i.test(text)) return true;
    return hasLongBase64Run(text) || holdsSecretInPlay(text);
}
