/** Provenance tags: always written, never overridable, and the owner check that keeps two stacks apart. */
export const MANAGED_BY_TAG = "certdeploy-managed-by";
export const MANAGED_BY_VALUE = "certdeploy";
export const CERTIFICATE_ID_TAG = "certdeploy-certificate-id";
export const RESERVED_TAG_PREFIX = "certdeploy-";
/** Key Vault only: SHA-256 of the chain DER in the version's PFX (the certificate object shows the leaf alone). */
export const CHAIN_DIGEST_TAG = "certdeploy-chain-sha256";

export function tagsWithProvenance(userTags: Record<string, string> | undefined, certificateId: string): Record<string, string> {
    return { ...(userTags ?? {}), [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [CERTIFICATE_ID_TAG]: certificateId };
}

/** The other owner's id when live tags say the target belongs to another certificateId. */
/** Tags certdeploy itself writes (never shown as user tags). */
export const isReservedTag = (key: string): boolean => key.toLowerCase().startsWith(RESERVED_TAG_PREFIX);

/** The user's tags among live tags. */
export const userTagsOf = (live: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(live).filter(([k]) => !isReservedTag(k)));

export function foreignOwner(liveTags: Record<string, string>, certificateId: string): string | undefined {
    const owner = liveTags[CERTIFICATE_ID_TAG];
    return owner !== undefined && owner !== certificateId ? owner : undefined;
}
