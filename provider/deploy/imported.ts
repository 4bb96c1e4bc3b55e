/**
 * `pulumi import` by id, shared by both targets: what a Read with only an id
 * returns, and what a state written by such an import lacks. An imported state
 * holds no private key (no cloud API returns it), so until a `pulumi up`
 * supplies one the certificate cannot be restored and a rollback is refused.
 */
import { CERTIFICATE_ID_TAG, MANAGED_BY_TAG } from "./provenance";

export interface ImportedResource {
    id: string;
    /** What a program would write to manage it (no key: none is readable). */
    inputs: Record<string, unknown>;
    /** The state: inputs plus every output that can be read from the cloud. */
    outputs: Record<string, unknown>;
}

/** A Read with no state to refresh: the engine's import, or a `get(name, id)`. Nothing about the state is assumed. */
export function isReadWithoutState(props: Record<string, unknown>, targetFields: readonly string[]): boolean {
    return targetFields.every((field) => typeof props[field] !== "string" || props[field] === "");
}

/** True when a state (or the inputs recorded with it) came from an import and no up has supplied the key since. */
export const lacksPrivateKey = (props: Record<string, unknown>): boolean =>
    typeof props.privateKeyPem !== "string" || props.privateKeyPem === "";

/** Live tags without certdeploy's reserved provenance tags, and the certificateId those claim. */
export function splitLiveTags(liveTags: Record<string, string>): {
    userTags?: Record<string, string>;
    certificateId?: string;
} {
    const userTags = Object.fromEntries(
        Object.entries(liveTags).filter(([k]) => k !== MANAGED_BY_TAG && k !== CERTIFICATE_ID_TAG),
    );
    return {
        ...(Object.keys(userTags).length > 0 ? { userTags } : {}),
        ...(liveTags[CERTIFICATE_ID_TAG] ? { certificateId: liveTags[CERTIFICATE_ID_TAG] } : {}),
    };
}

/** The message for a failed rotation of an imported certificate: nothing in state can be re-imported. */
export function rollbackRefusedMessage(target: string, liveSerial: string): string {
    return (
        `${target}: rollback refused: this resource was brought in with \`pulumi import\` and state has never held the private key of ` +
        `the certificate it replaced (serial ${liveSerial}), so that certificate cannot be re-imported. ` +
        `Run \`pulumi refresh\` to record what is live now, then \`pulumi up\` with a certificate and key that verify`
    );
}

/** The dynamic provider's read result for an import: "" id when nothing is live under it. */
export function asReadResult(imported: ImportedResource | undefined): { id: string; props: Record<string, unknown> } {
    return imported ? { id: imported.id, props: imported.outputs } : { id: "", props: {} };
}
