/**
 * Everything the CLI prints goes through here: text and JSON on stdout,
 * messages on stderr, each passed through the provider's `redact()` so that a
 * PEM block or a long base64 run can never reach a terminal or a CI log.
 */
import { redact } from "../provider/deploy/errors";

const withNewline = (text: string): string => (text.endsWith("\n") ? text : `${text}\n`);

export function printText(text: string): void {
    process.stdout.write(redact(withNewline(text)));
}

export function printJson(value: unknown): void {
    printText(JSON.stringify(value, null, 2));
}

export function printError(text: string): void {
    process.stderr.write(redact(withNewline(text)));
}

/** `label  value` lines with the values aligned, indented by two spaces. */
export function fieldLines(fields: readonly (readonly [string, string])[]): string {
    const width = Math.max(0, ...fields.map(([label]) => label.length));
    return fields.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join("\n");
}
