/**
 * ACM-specific input checks beyond schema.json: ARN/region agreement, endpoint,
 * tags, and what ImportCertificate would refuse for this material.
 * docs.aws.amazon.com/acm/latest/userguide/import-certificate-prerequisites.html
 */
import type { AcmCertificateInputs } from "../../sdk/schema-types";
import {
    ACM_MAX_KEY_BYTES,
    acmKeyAlgorithm,
    CLOUDFRONT_KEY_ALGORITHMS,
    SUPPORTED_ACM_ALGORITHMS,
} from "./key-algorithms";
import type { MaterialBundle } from "../material/bundle";
import { describeKey } from "../material/key";
import { error, Problem, warning } from "../material/problem";
import { parseAcmArn, parseRoleArn, partitionOf } from "./arn";
import { checkTags, TagLimits } from "../validate/tags";
import { hasUserInfo, USER_INFO_REFUSAL } from "../validate/user-info";
import type { TargetRules } from "../validate/check-inputs";

// docs.aws.amazon.com/acm/latest/userguide/tags-restrictions.html (the user guide's stricter 127/255)
export const ACM_TAG_LIMITS: TagLimits = {
    maxTags: 50,
    maxKeyLength: 127,
    maxValueLength: 255,
    allowed: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
    allowedText: "letters, digits, spaces and _ . : / = + - @",
    reservedPrefixes: ["aws:"],
    // managed-by, certificate id, claim, and the chain digest that `rotation: "blue_green"` writes (acm/rotation.ts).
    // The digest stays on an ARN that goes back to in_place: the recommended policy denies removing certdeploy-* tags.
    certdeployTags: 4,
    source: "ACM",
};

export function checkAcmInputs(inputs: Partial<AcmCertificateInputs>): Problem[] {
    const problems: Problem[] = [...checkTags(inputs.tags, ACM_TAG_LIMITS)];
    if (inputs.rotation === "blue_green" && inputs.certificateArn !== undefined)
        problems.push(BLUE_GREEN_WITH_PINNED_ARN);
    if (inputs.certificateArn !== undefined && inputs.region !== undefined) {
        const arn = parseAcmArn(inputs.certificateArn);
        if (arn && arn.region !== inputs.region) {
            problems.push(
                error(
                    "certificateArn",
                    `is in region ${arn.region} but region is ${inputs.region}; set region to ${arn.region} or pin an ARN from ${inputs.region}`,
                ),
            );
        }
        if (arn && arn.partition !== partitionOf(inputs.region)) {
            problems.push(
                error(
                    "certificateArn",
                    `is in partition ${arn.partition} but region ${inputs.region} belongs to ${partitionOf(inputs.region)}`,
                ),
            );
        }
    }
    problems.push(...checkAssumeRole(inputs));
    if (inputs.endpoint !== undefined) {
        let url: URL;
        try {
            url = new URL(inputs.endpoint);
        } catch {
            return [
                ...problems,
                error("endpoint", "is not a valid URL; expected e.g. https://acm.us-east-1.amazonaws.com"),
            ];
        }
        if (hasUserInfo(url)) problems.push(error("endpoint", USER_INFO_REFUSAL));
        const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
        if (url.protocol === "http:" && !loopback) {
            problems.push(
                error(
                    "endpoint",
                    "uses http on a non-loopback host; ACM endpoints must use https (plain http is only for local emulators)",
                ),
            );
        }
    }
    return problems;
}

/**
 * `blue_green` gives every certificate change a new ARN; a pinned ARN is the one ARN that must stay. The two cannot
 * both hold, so check refuses the pair before anything is deployed (DESIGN.md §11).
 */
export const BLUE_GREEN_WITH_PINNED_ARN: Problem = error(
    "rotation",
    `"blue_green" creates a new ARN for every certificate change, but certificateArn pins one existing ARN that can only be re-imported in place; ` +
        `remove certificateArn (consumers then take this resource's arn output and are repointed on each rotation), or set rotation to "in_place"`,
);

/**
 * A role of another partition cannot be assumed from this region's STS, and ACM has no cross-account
 * access: a pinned certificate must be in the role's own account.
 * docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
function checkAssumeRole(inputs: Partial<AcmCertificateInputs>): Problem[] {
    const role = inputs.assumeRole ? parseRoleArn(inputs.assumeRole.roleArn) : undefined;
    if (!role) return [];
    const problems: Problem[] = [];
    if (inputs.region !== undefined && role.partition !== partitionOf(inputs.region)) {
        problems.push(
            error(
                "assumeRole",
                `field roleArn is in partition ${role.partition} but region ${inputs.region} belongs to ${partitionOf(inputs.region)}; use a role of the region's partition`,
            ),
        );
    }
    const pinned = inputs.certificateArn !== undefined ? parseAcmArn(inputs.certificateArn) : undefined;
    if (pinned && pinned.accountId !== role.accountId) {
        problems.push(
            error(
                "assumeRole",
                `field roleArn is in account ${role.accountId} but certificateArn is in account ${pinned.accountId}; ACM certificates are reached only from their own account — assume a role in ${pinned.accountId}`,
            ),
        );
    }
    return problems;
}

export function checkAcmMaterial(bundle: MaterialBundle, inputs: Partial<AcmCertificateInputs>): Problem[] {
    const problems: Problem[] = [];
    const algorithm = acmKeyAlgorithm(bundle.key);
    if (!algorithm) {
        problems.push(
            error(
                "privateKeyPem",
                `is ${describeKey(bundle.key)}; ACM imports only ${SUPPORTED_ACM_ALGORITHMS} keys — reissue the certificate with a supported key`,
            ),
        );
    } else if (inputs.region === "us-east-1" && !CLOUDFRONT_KEY_ALGORITHMS.includes(algorithm)) {
        problems.push(
            warning(
                "privateKeyPem",
                `is ${algorithm}; ACM accepts it but CloudFront does not (CloudFront takes RSA 1024/2048/3072 or EC P-256)`,
            ),
        );
    }
    if (Buffer.byteLength(bundle.key.originalPem) > ACM_MAX_KEY_BYTES) {
        problems.push(
            error(
                "privateKeyPem",
                `is larger than ACM's limit of ${ACM_MAX_KEY_BYTES} bytes; use a smaller key (RSA 4096 or EC)`,
            ),
        );
    }
    return problems;
}

/** The AcmCertificate rules the shared check flow (check-inputs.ts) runs. */
export const ACM_RULES: TargetRules<AcmCertificateInputs> = {
    token: "certdeploy:index:AcmCertificate",
    inputs: checkAcmInputs,
    material: checkAcmMaterial,
};
