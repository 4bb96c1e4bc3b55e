import { optionalTags, type JsonObject, type TagInput } from "../input";
import { constraintError } from "../service-error";
import { mergedTags, remainingTags, validateTagList } from "../rules/tag-rules";
import { certificateFromInput } from "./read-certificate";
import type { OperationContext, OperationResult } from "./operation-context";

function requiredTags(input: JsonObject): TagInput[] {
    const tags = optionalTags(input);
    if (tags === undefined) throw constraintError("tags", "Member must not be null", null);
    validateTagList(tags);
    return tags;
}

export function addTagsToCertificate(input: JsonObject, context: OperationContext): OperationResult {
    const certificate = certificateFromInput(input, context);
    certificate.tags = mergedTags(certificate.tags, requiredTags(input));
    return { output: {}, arn: certificate.arn };
}

export function removeTagsFromCertificate(input: JsonObject, context: OperationContext): OperationResult {
    const certificate = certificateFromInput(input, context);
    certificate.tags = remainingTags(certificate.tags, requiredTags(input));
    return { output: {}, arn: certificate.arn };
}

/** Tags in the order they were first set; a tag stored without a value is listed without `Value`. */
export function listTagsForCertificate(input: JsonObject, context: OperationContext): OperationResult {
    const certificate = certificateFromInput(input, context);
    const tags = [...certificate.tags].map(([key, value]): JsonObject =>
        value === undefined ? { Key: key } : { Key: key, Value: value },
    );
    return { output: { Tags: tags }, arn: certificate.arn };
}
