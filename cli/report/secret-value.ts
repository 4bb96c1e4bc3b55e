/**
 * Secret values in a `pulumi stack export`: an object carrying Pulumi's secret
 * signature, with `ciphertext` or (after --show-secrets) `plaintext`. The report
 * never opens one: a secret field is shown as "[secret]".
 * (signature: pulumi/pulumi sdk/go/common/resource/sig, sig.Secret; also the wire form with `value`)
 */
const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";
export const SECRET_PLACEHOLDER = "[secret]";

export const isSecretEnvelope = (value: unknown): boolean =>
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE;

/** A string field as shown: its text, "[secret]" for a secret, undefined when absent or not a string. */
export function shownString(value: unknown): string | undefined {
    if (isSecretEnvelope(value)) return SECRET_PLACEHOLDER;
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** A nested object's string field, "[secret]" when the object (or the field) is a secret. */
export function shownField(value: unknown, field: string): string | undefined {
    if (isSecretEnvelope(value)) return SECRET_PLACEHOLDER;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    return shownString((value as Record<string, unknown>)[field]);
}
