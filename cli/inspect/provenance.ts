/** Reads the provenance tags certdeploy writes on every certificate it deploys (provider/deploy/provenance.ts). */
import { CERTIFICATE_ID_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE } from "../../provider/deploy/provenance";

export interface Provenance {
    managedByCertdeploy: boolean;
    /** The owning resource's certificateId, `<project>/<stack>/<resource name>` by default. */
    certificateId?: string;
    /** "managed by certdeploy, certificateId X" or "not managed by certdeploy". */
    description: string;
}

export function provenanceOf(tags: Record<string, string>): Provenance {
    const certificateId = tags[CERTIFICATE_ID_TAG];
    if (tags[MANAGED_BY_TAG] !== MANAGED_BY_VALUE)
        return { managedByCertdeploy: false, description: "not managed by certdeploy" };
    return {
        managedByCertdeploy: true,
        ...(certificateId !== undefined ? { certificateId } : {}),
        description: `managed by certdeploy, certificateId ${certificateId ?? `unknown (tag ${CERTIFICATE_ID_TAG} missing)`}`,
    };
}

/** Tags as `key=value`, sorted by key. */
export const tagsText = (tags: Record<string, string>): string =>
    Object.keys(tags).length === 0
        ? "(none)"
        : Object.entries(tags)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => `${k}=${v}`)
              .join(", ");
