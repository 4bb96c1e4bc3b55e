/**
 * ACM `rotation` (DESIGN.md §11): `in_place` (default) re-imports a new
 * certificate into the same ARN; `blue_green` makes every certificate change a
 * create-before-delete replacement, so the engine creates and verifies a new
 * ARN, repoints the consumers that take `arn`, and deletes the old ARN last.
 *
 * Under `blue_green` both ARNs carry the same `certdeploy-certificate-id` (the
 * default id is per resource name, and the replacement keeps the name), each
 * with its own claim. The ARNs also carry the digest of the chain they were
 * sent (`certdeploy-chain-sha256`): a fresh import looks for leftovers of its
 * own earlier attempts by certificate identity, where a chain is matched by
 * prefix (clouds append CA certificates), so without the digest a new chain
 * that is a prefix of the old one — an intermediate or cross-sign dropped —
 * would take the predecessor for its own leftover, resume it instead of
 * importing, and on failure delete it. An ARN that goes back to `in_place`
 * keeps the digest of its last blue/green deployment (the runbook's IAM policy
 * denies removing `certdeploy-*` tags); a stale digest only makes the leftover
 * search skip that ARN, never take a wrong one.
 *
 * ```
 * blueGreenReplaces({ certificatePem: v1, ... }, { certificatePem: v2, rotation: "blue_green" }, ["certificatePem"])
 * → ["certificatePem"]
 * ```
 */
import type { AcmCertificateInputs, AcmRotation } from "../../sdk/schema-types";
import { exactlySame, identityFromPem } from "../deploy/identity";
import { CHAIN_DIGEST_TAG, tagsWithProvenance } from "../deploy/provenance";
import { isUnknown } from "../validate/unknown";

/** The inputs that hold certificate material: a change of any of them is a certificate change. */
export const CERTIFICATE_MATERIAL = ["certificatePem", "privateKeyPem", "chainPem"];

export const isBlueGreen = (props: { rotation?: unknown }): boolean => props.rotation === "blue_green";

/** `rotation` as it applies: absent means `in_place`. */
export const rotationOf = (props: { rotation?: AcmRotation }): AcmRotation => props.rotation ?? "in_place";

/** The tags an ARN of this resource carries: user tags, provenance and claim, and under `blue_green` the chain digest. */
export function acmTags(
    inputs: Pick<AcmCertificateInputs, "tags" | "rotation">,
    certificateId: string,
    claim: string | undefined,
    chainSha256: string | undefined,
): Record<string, string> {
    const tags = tagsWithProvenance(inputs.tags, certificateId, claim);
    if (isBlueGreen(inputs) && chainSha256 !== undefined) tags[CHAIN_DIGEST_TAG] = chainSha256;
    return tags;
}

/**
 * Under `blue_green`, the certificate inputs that force a replacement: every changed one, when the certificate
 * (leaf fingerprint and chain) differs or is not known yet. A key re-encoded for the same certificate is no
 * certificate change, and neither is a change of `rotation` or `tags`.
 */
export function blueGreenReplaces(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    changed: readonly string[],
): string[] {
    if (!isBlueGreen(news)) return [];
    const materialChanged = changed.filter((k) => CERTIFICATE_MATERIAL.includes(k));
    if (materialChanged.length === 0) return [];
    return sameCertificateIn(olds, news) ? [] : materialChanged;
}

const pemText = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function sameCertificateIn(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
    if (isUnknown(news.certificatePem) || isUnknown(news.chainPem)) return false;
    const before = identityFromPem(pemText(olds.certificatePem), pemText(olds.chainPem));
    const after = identityFromPem(pemText(news.certificatePem), pemText(news.chainPem));
    return before !== undefined && after !== undefined && exactlySame(before, after);
}

/** What preview prints for a blue/green replacement (every property named, no value). */
export const blueGreenMessage = (certificateId: unknown, arn: unknown, replaces: readonly string[]): string =>
    `AcmCertificate "${String(certificateId)}": rotation "blue_green" and ${replaces.join(", ")} changed, so this is a replacement: ` +
    `a new ARN is imported and verified first, resources that take this arn are repointed to it, and the previous ARN${typeof arn === "string" && arn !== "" ? ` ${arn}` : ""} is deleted last`;
