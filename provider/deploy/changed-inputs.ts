/**
 * Which inputs changed between state and a new program, for `diff`. PEM is
 * compared by content and tags as maps; targets add their own equalities
 * (case-insensitive names). Input names come from schema.json.
 */
import { isDeepStrictEqual } from "node:util";
import schema from "../../schema.json";
import { samePem } from "../material/compare";
import { PROVIDER_KEY } from "./state-props";
import type { ResourceToken } from "../validate/schema-validator";
import { isUnknown } from "../validate/unknown";

/** Tags compare as maps: the order of keys is no change. */
export function sameTags(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
    const x = a ?? {};
    const y = b ?? {};
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length && keys.every((k) => y[k] === x[k]);
}

export type SameValue = (a: unknown, b: unknown) => boolean;

const asText = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const asMap = (v: unknown): Record<string, string> | undefined =>
    typeof v === "object" && v !== null ? (v as Record<string, string>) : undefined;
const pem: SameValue = (a, b) => samePem(asText(a), asText(b));

const COMMON: Record<string, SameValue> = {
    certificatePem: pem,
    privateKeyPem: pem,
    chainPem: pem,
    tags: (a, b) => sameTags(asMap(a), asMap(b)),
};

export function changedInputs(
    token: ResourceToken,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    targetRules: Record<string, SameValue> = {},
): string[] {
    const keys = new Set([...Object.keys(schema.resources[token].inputProperties), ...Object.keys(news)]);
    keys.delete(PROVIDER_KEY);
    return [...keys].filter((key) => {
        const b = news[key];
        if (isUnknown(b)) return true;
        // Object inputs (assumeRole) compare by value.
        const same = targetRules[key] ?? COMMON[key] ?? isDeepStrictEqual;
        return !same(olds[key], b);
    });
}
