/** Tag rules shared by both targets; each target gives its cloud's limits (acm/inputs.ts, keyvault/inputs.ts). */
import { RESERVED_TAG_PREFIX } from "../deploy/provenance";
import { error, Problem } from "../material/problem";
import { looksLikeKeyMaterial } from "./key-like";

const KEY_LIKE_ADVICE =
    "tags are stored and shown in plain text by the cloud and by Pulumi — remove it, and rotate the key or credential if it was shared";

export interface TagLimits {
    maxTags: number;
    maxKeyLength: number;
    maxValueLength: number;
    /** Characters allowed in keys and values, if the cloud restricts them. */
    allowed?: RegExp;
    allowedText?: string;
    reservedPrefixes: string[];
    /** Tags certdeploy adds on this cloud (provenance, claim and chain digest). */
    certdeployTags: number;
    source: string;
}

export function checkTags(tags: Record<string, string> | undefined, limits: TagLimits): Problem[] {
    if (!tags) return [];
    const problems: Problem[] = [];
    const keys = Object.keys(tags);
    const room = limits.maxTags - limits.certdeployTags;
    if (keys.length > room) {
        problems.push(
            error(
                "tags",
                `has ${keys.length} tags; ${limits.source} allows ${limits.maxTags} per certificate and certdeploy adds ${limits.certdeployTags} tags of its own, so at most ${room}`,
            ),
        );
    }
    for (const [n, key] of keys.entries()) {
        const value = tags[key];
        // Named by position, not by key: a key that looks like key material must not be echoed either.
        if (looksLikeKeyMaterial(key)) {
            problems.push(
                error("tags", `key number ${n + 1} looks like key material or a credential; ${KEY_LIKE_ADVICE}`),
            );
            continue;
        }
        if (looksLikeKeyMaterial(value)) {
            problems.push(
                error("tags", `value of "${key}" looks like key material or a credential; ${KEY_LIKE_ADVICE}`),
            );
            continue;
        }
        if (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
            problems.push(
                error(
                    "tags",
                    `key "${key}" uses the reserved prefix "${RESERVED_TAG_PREFIX}"; certdeploy sets its provenance tags itself — use certificateId to change the provenance id`,
                ),
            );
            continue;
        }
        const reserved = limits.reservedPrefixes.find((p) => key.toLowerCase().startsWith(p));
        if (reserved)
            problems.push(error("tags", `key "${key}" uses the prefix "${reserved}", which ${limits.source} reserves`));
        if (key.length === 0) problems.push(error("tags", "has an empty key"));
        if (key.length > limits.maxKeyLength)
            problems.push(error("tags", `key "${key.slice(0, 32)}…" is longer than ${limits.maxKeyLength} characters`));
        if (value.length > limits.maxValueLength)
            problems.push(error("tags", `value of "${key}" is longer than ${limits.maxValueLength} characters`));
        if (limits.allowed && (!limits.allowed.test(key) || !limits.allowed.test(value))) {
            problems.push(
                error(
                    "tags",
                    `"${key}" has characters ${limits.source} does not allow in tags; use ${limits.allowedText}`,
                ),
            );
        }
    }
    return problems;
}
