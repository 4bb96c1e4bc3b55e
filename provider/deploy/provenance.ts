/** Provenance tags: always written, never overridable, and the owner check that keeps two stacks apart. */
export const MANAGED_BY_TAG = "certdeploy-managed-by";
export const MANAGED_BY_VALUE = "certdeploy";
export const CERTIFICATE_ID_TAG = "certdeploy-certificate-id";
export const RESERVED_TAG_PREFIX = "certdeploy-";
export const PROVENANCE_TAG_COUNT = 2;

export function tagsWithProvenance(userTags: Record<string, string> | undefined, certificateId: string): Record<string, string> {
    return { ...(userTags ?? {}), [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [CERTIFICATE_ID_TAG]: certificateId };
}

/** The other owner's id when live tags say the target belongs to another certificateId. */
export function foreignOwner(liveTags: Record<string, string>, certificateId: string): string | undefined {
    const owner = liveTags[CERTIFICATE_ID_TAG];
    return owner !== undefined && owner !== certificateId ? owner : undefined;
}
