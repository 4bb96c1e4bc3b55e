/**
 * `redact(text)`: removes from a text we are about to emit (error, log line,
 * audit line, lastDeployment message, CLI output) every secret in play in any
 * encoding (secret-matcher.ts, secrets-in-play.ts), then anything shaped like
 * key material or a URL's user info (shape-rules.ts). Linear in the text.
 */
import { cutRanges } from "./secret-matcher";
import { matchersInPlay } from "./secrets-in-play";
import { redactLongBase64, redactPemBlocks, redactUrlUserInfo } from "./shape-rules";

const SECRET_MARKER = "[redacted]";
const PEM_MARKER = "[redacted PEM]";

export function redact(text: string): string {
    const known = cutRanges(
        text,
        matchersInPlay().flatMap((m) => m.find(text)),
        SECRET_MARKER,
    );
    return redactUrlUserInfo(redactLongBase64(redactPemBlocks(known, PEM_MARKER), SECRET_MARKER), SECRET_MARKER);
}

/** True when `text` holds any secret in play, in any encoding (for refusing it as an input value). */
export const holdsSecretInPlay = (text: string): boolean => matchersInPlay().some((m) => m.find(text).length > 0);
