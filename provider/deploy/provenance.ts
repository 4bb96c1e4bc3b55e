/** Provenance tags: always written, never overridable, and the owner check that keeps two stacks apart. */
export const MANAGED_BY_TAG = "certdeploy-managed-by";
export const MANAGED_BY_VALUE = "certdeploy";
export const CERTIFICATE_ID_TAG = "certdeploy-certificate-id";
export const RESERVED_TAG_PREFIX = "certdeploy-";
/** Key Vault only: SHA-256 of the chain DER in the version's PFX (the certificate object shows the leaf alone). */
export const CHAIN_DIGEST_TAG = "certdeploy-chain-sha256";

/** The resource instance that holds the certificate (ownership.ts). */
export const CLAIM_TAG = "certdeploy-claim";

/** User tags plus provenance, and the instance's ownership claim when it has one. */
export function tagsWithProvenance(
    userTags: Record<string, string> | undefined,
    certificateId: string,
    claim?: string,
): Record<string, string> {
    return {
        ...(userTags ?? {}),
        [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
        [CERTIFICATE_ID_TAG]: certificateId,
        ...(claim ? { [CLAIM_TAG]: claim } : {}),
    };
}

/** Tags certdeploy itself writes (never shown as user tags). */
export const isReservedTag = (key: string): boolean => key.toLowerCase().startsWith(RESERVED_TAG_PREFIX);

/** The user's tags among live tags. */
export const userTagsOf = (live: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(live).filter(([k]) => !isReservedTag(k)));

/** The other owner's id when live tags say the target belongs to another certificateId. */
export function foreignOwner(liveTags: Record<string, string>, certificateId: string): string | undefined {
    const owner = liveTags[CERTIFICATE_ID_TAG];
    return owner !== undefined && owner !== certificateId ? owner : undefined;
}
