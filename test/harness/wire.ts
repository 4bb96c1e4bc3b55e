/**
 * Property values as they travel between the Pulumi engine, the language SDK
 * and a provider: plain JSON plus two markers.
 *
 * - a secret is the envelope
 *   `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": ...}`
 *   (the same shape the engine writes into a checkpoint, minus encryption);
 * - an unknown value (preview only) is the string `04da6b54-80e4-46f7-96ec-b56ff0331ba9`.
 */
import { isDeepStrictEqual } from "node:util";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
    [key: string]: JsonValue;
}
/** A resource's inputs or outputs: top-level property name to value. */
export type PropertyMap = JsonObject;

export interface SecretEnvelope extends JsonObject {
    [SIG_KEY]: typeof SECRET_SIG;
    value: JsonValue;
}

export function isObject(v: JsonValue | undefined): v is JsonObject {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isSecret(v: JsonValue | undefined): v is SecretEnvelope {
    return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

export function makeSecret(v: JsonValue): SecretEnvelope {
    return isSecret(v) ? v : { [SIG_KEY]: SECRET_SIG, value: v };
}

export function containsSecrets(v: JsonValue): boolean {
    if (isSecret(v)) return true;
    if (Array.isArray(v)) return v.some(containsSecrets);
    if (isObject(v)) return Object.values(v).some(containsSecrets);
    return false;
}

export function containsUnknowns(v: JsonValue): boolean {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(containsUnknowns);
    if (isObject(v)) return Object.values(v).some(containsUnknowns);
    return false;
}

/** What the engine sends to a provider that answered acceptSecrets=false: every envelope opened. */
export function removeSecrets(v: JsonValue): JsonValue {
    if (isSecret(v)) return removeSecrets(v.value);
    if (Array.isArray(v)) return v.map(removeSecrets);
    if (isObject(v)) {
        const out: JsonObject = {};
        for (const [k, e] of Object.entries(v)) out[k] = removeSecrets(e);
        return out;
    }
    return v;
}

export function removeSecretsFromMap(m: PropertyMap): PropertyMap {
    const out: PropertyMap = {};
    for (const [k, v] of Object.entries(m)) out[k] = removeSecrets(v);
    return out;
}

/**
 * The engine's rule for providers without secret support (`annotateSecrets` in
 * pulumi's provider_plugin.go): an output whose same-named input contained a
 * secret becomes secret; when both are objects, the rule recurses instead of
 * wrapping the whole object. Returns a new map.
 */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap): PropertyMap {
    const result: PropertyMap = { ...outs };
    for (const [key, inValue] of Object.entries(ins)) {
        if (!(key in result)) continue;
        const outValue = result[key];
        if (isObject(outValue) && !isSecret(outValue) && isObject(inValue) && !isSecret(inValue)) {
            result[key] = annotateSecrets(outValue, inValue);
        } else if (!isSecret(outValue) && containsSecrets(inValue)) {
            result[key] = makeSecret(outValue);
        }
    }
    return result;
}

/** The step executor's rule: top-level outputs named in additionalSecretOutputs become secret. */
export function markAdditionalSecrets(outs: PropertyMap, names: readonly string[]): PropertyMap {
    const result: PropertyMap = { ...outs };
    for (const name of names) {
        if (name !== "id" && name in result) result[name] = makeSecret(result[name]);
    }
    return result;
}

/** Top-level property names whose value contains a secret anywhere. */
export function secretKeys(m: PropertyMap): string[] {
    return Object.keys(m).filter((k) => containsSecrets(m[k]));
}

/** Top-level property names whose value contains an unknown anywhere. */
export function unknownKeys(m: PropertyMap): string[] {
    return Object.keys(m).filter((k) => containsUnknowns(m[k]));
}

/** Equality as the engine's legacy input diff sees it: secretness does not count as a change. */
export function sameValues(a: PropertyMap, b: PropertyMap): boolean {
    return isDeepStrictEqual(removeSecretsFromMap(a), removeSecretsFromMap(b));
}

/** Top-level keys whose values differ (ignoring secretness). */
export function changedKeys(a: PropertyMap, b: PropertyMap): string[] {
    const pa = removeSecretsFromMap(a);
    const pb = removeSecretsFromMap(b);
    const keys = new Set([...Object.keys(pa), ...Object.keys(pb)]);
    return [...keys].filter((k) => !isDeepStrictEqual(pa[k], pb[k])).sort();
}

/**
 * Converts a JS value to JSON form the way the engine would see it: undefined
 * object members are dropped (protobuf Struct cannot carry them), anything else
 * non-JSON is an error.
 */
export function toJsonValue(v: unknown, path = "$"): JsonValue {
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number") {
        if (!Number.isFinite(v)) throw new TypeError(`${path}: non-finite number`);
        return v;
    }
    if (Array.isArray(v)) return v.map((e: unknown, i) => toJsonValue(e, `${path}[${i}]`));
    if (typeof v === "object") {
        const out: JsonObject = {};
        for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
            if (e !== undefined) out[k] = toJsonValue(e, `${path}.${k}`);
        }
        return out;
    }
    throw new TypeError(`${path}: ${typeof v} is not representable on the wire`);
}

export function toPropertyMap(v: unknown, what = "properties"): PropertyMap {
    const json = toJsonValue(v, what);
    if (!isObject(json)) throw new TypeError(`${what}: expected an object`);
    return json;
}
