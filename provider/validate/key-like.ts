/**
 * Text that must never go where values are shown in plain text (tags): PEM
 * armour or the words PRIVATE KEY, a long base64 run that is neither plain
 * hex nor repetitive (a key body line, a PFX), or any fragment of a secret in
 * play in this deployment (the private key, the client secret, the federated
 * token), in any encoding. Hex runs stay allowed: fingerprints and commit ids
 * are ordinary tag values.
 */
import { holdsSecretInPlay } from "../redaction/redact";
import { MIN_EXACT } from "../redaction/secret-matcher";

/** A PEM body line is 64 characters; shorter base64-looking runs are ordinary ids. */
const LONG_RUN = 64;
/** 64 random base64 characters hold about 40 distinct ones; `xxxx…` or `abab…` is no key. */
const MIN_DISTINCT = 20;

const isBase64 = (ch: string): boolean => /[A-Za-z0-9+/=]/.test(ch);
const isHex = (ch: string): boolean => /[0-9a-fA-F]/.test(ch);

function hasLongBase64Run(text: string): boolean {
    let run = "";
    const runs: string[] = [];
    for (const ch of `${text} `) {
        if (isBase64(ch)) run += ch;
        else {
            if (run.length >= LONG_RUN) runs.push(run);
            run = "";
        }
    }
    return runs.some((r) => ![...r].every(isHex) && new Set(r).size >= MIN_DISTINCT);
}

export function looksLikeKeyMaterial(text: string): boolean {
    if (/PRIVATE KEY|-----BEGIN |-----END /i.test(text)) return true;
    // Shorter text cannot hold a secret the matcher knows (and most tags are short: no index is built for them).
    return hasLongBase64Run(text) || (text.length >= MIN_EXACT && holdsSecretInPlay(text));
}
