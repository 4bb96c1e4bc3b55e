/**
 * Secret envelopes on the plugin's wire. A provider that answers
 * acceptSecrets=true receives every secret the program marked as the envelope
 * `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": …}`
 * and must return secrets the same way, or the engine writes them to state in
 * plain text (pulumi sdk/go/common/resource/plugin/rpc.go, MarshalOptions.KeepSecrets).
 *
 *     openSecrets({ privateKeyPem: { "4dabf…": "1b47…", value: "-----BEGIN…" } })
 *     → { values: { privateKeyPem: "-----BEGIN…" }, secretKeys: ["privateKeyPem"] }
 */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type PropertyBag = Record<string, unknown>;

function isObject(v: unknown): v is PropertyBag {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isSecretEnvelope(v: unknown): v is { value: unknown } {
    return isObject(v) && v[SECRET_SIG_KEY] === SECRET_SIG;
}

function containsSecret(v: unknown): boolean {
    if (isSecretEnvelope(v)) return true;
    if (Array.isArray(v)) return v.some(containsSecret);
    if (isObject(v)) return Object.values(v).some(containsSecret);
    return false;
}

function unwrap(v: unknown): unknown {
    if (isSecretEnvelope(v)) return unwrap(v.value);
    if (Array.isArray(v)) return v.map(unwrap);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, unwrap(e)]));
    return v;
}

/** Plain values for the provider, and the top-level names that held a secret anywhere inside. */
export function openSecrets(props: PropertyBag): { values: PropertyBag; secretKeys: string[] } {
    return {
        values: unwrap(props) as PropertyBag,
        secretKeys: Object.keys(props).filter((k) => containsSecret(props[k])),
    };
}

export function sealSecret(v: unknown): unknown {
    return isSecretEnvelope(v) ? v : { [SECRET_SIG_KEY]: SECRET_SIG, value: v };
}

/** Wraps each named top-level property that is present (a whole value, as the engine marks additionalSecretOutputs). */
export function sealSecrets(props: PropertyBag, names: Iterable<string>): PropertyBag {
    const sealed: PropertyBag = { ...props };
    for (const name of names) {
        if (sealed[name] !== undefined) sealed[name] = sealSecret(sealed[name]);
    }
    return sealed;
}

/**
 * What protobuf Struct can carry: undefined members dropped (Struct refuses
 * them), everything else JSON already. Provider outputs may hold undefined.
 */
export function definedDeep(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(definedDeep);
    if (isObject(v))
        return Object.fromEntries(
            Object.entries(v)
                .filter(([, e]) => e !== undefined)
                .map(([k, e]) => [k, definedDeep(e)]),
        );
    return v;
}
