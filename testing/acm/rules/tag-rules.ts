import { AcmServiceError, constraintError } from "../service-error";
import type { TagInput } from "../input";

// Tag constraints: docs.aws.amazon.com/acm/latest/APIReference/API_Tag.html and
// docs.aws.amazon.com/acm/latest/userguide/tags-restrictions.html
export const MAX_TAGS_PER_CERTIFICATE = 50;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;
const TAG_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const PATTERN_TEXT = "[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@]*";

/** Checks one request's tag list: list size, key/value length and characters, the reserved `aws:` prefix. */
export function validateTagList(tags: readonly TagInput[]): void {
    if (tags.length < 1) throw constraintError("tags", "Member must have length greater than or equal to 1");
    if (tags.length > MAX_TAGS_PER_CERTIFICATE) {
        throw constraintError("tags", `Member must have length less than or equal to ${MAX_TAGS_PER_CERTIFICATE}`);
    }
    tags.forEach((tag, index) => {
        const at = `tags.${index + 1}.member`;
        if (tag.Key.length < 1)
            throw constraintError(`${at}.key`, "Member must have length greater than or equal to 1");
        if (tag.Key.length > MAX_KEY_LENGTH) {
            throw constraintError(`${at}.key`, `Member must have length less than or equal to ${MAX_KEY_LENGTH}`);
        }
        if (!TAG_PATTERN.test(tag.Key)) {
            throw constraintError(`${at}.key`, `Member must satisfy regular expression pattern: ${PATTERN_TEXT}`);
        }
        const value = tag.Value ?? "";
        if (value.length > MAX_VALUE_LENGTH) {
            throw constraintError(`${at}.value`, `Member must have length less than or equal to ${MAX_VALUE_LENGTH}`);
        }
        if (!TAG_PATTERN.test(value)) {
            throw constraintError(`${at}.value`, `Member must satisfy regular expression pattern: ${PATTERN_TEXT}`);
        }
        if (tag.Key.toLowerCase().startsWith("aws:")) {
            throw new AcmServiceError(
                "InvalidTagException",
                `Tag key '${tag.Key}' uses the prefix aws:, which is reserved for AWS use.`,
            );
        }
    });
}

/** Merges tags into a certificate's set, refusing a result above the per-certificate limit. */
export function mergedTags(
    current: ReadonlyMap<string, string | undefined>,
    added: readonly TagInput[],
): Map<string, string | undefined> {
    const next = new Map(current);
    for (const tag of added) next.set(tag.Key, tag.Value);
    if (next.size > MAX_TAGS_PER_CERTIFICATE) {
        throw new AcmServiceError(
            "TooManyTagsException",
            `The request contains too many tags. A certificate can have at most ${MAX_TAGS_PER_CERTIFICATE} tags.`,
        );
    }
    return next;
}

/** RemoveTagsFromCertificate: a tag given without Value goes regardless of value, with Value only when it matches. */
export function remainingTags(
    current: ReadonlyMap<string, string | undefined>,
    removed: readonly TagInput[],
): Map<string, string | undefined> {
    const next = new Map(current);
    for (const tag of removed) {
        if (!next.has(tag.Key)) continue;
        if (tag.Value === undefined || next.get(tag.Key) === tag.Value) next.delete(tag.Key);
    }
    return next;
}
