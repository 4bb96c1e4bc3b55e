/**
 * Serving checks under `rotation: "blue_green"` (DESIGN.md §11): the new ARN
 * is served only once Pulumi has repointed the consumers, which happens after
 * its create, so the create runs no serving check; instead the old ARN's
 * delete — the condemned half of the replacement, after the consumers'
 * updates — waits until its `servingChecks` endpoints no longer serve the old
 * certificate. A required check that still sees the old certificate when its
 * timeout passes fails that delete: the old ARN stays, and Pulumi keeps it in
 * state marked for deletion, so the next `pulumi up` tries again. An optional
 * one warns, and an endpoint that cannot be reached proves nothing either way
 * (a consumer destroyed with the stack): both warn and the delete goes on.
 *
 * ```
 * await waitForEndpointsToLeave(`AcmCertificate "api" (arn:…:certificate/old)`, oldState)
 * → resolves once 127.0.0.1:8443 serves another leaf; throws after timeoutSeconds if it still serves the old one
 * ```
 */
import type { AcmCertificateOutputs } from "../../sdk/schema-types";
import { CertdeployError, redact } from "../deploy/errors";
import { servingOptionsFromEnv, waitUntilNotServed, type ServingCheck, type ServingStatus } from "../deploy/serving";
import { isBlueGreen } from "./rotation";

interface Seen {
    check: ServingCheck;
    status: ServingStatus;
}

const fingerprintStart = (fingerprint: string): string => `${fingerprint.slice(0, 23)}…`;

/** Resolves when the old certificate may be deleted; throws when a required check still sees it served. */
export async function waitForEndpointsToLeave(target: string, state: AcmCertificateOutputs): Promise<void> {
    const checks = state.servingChecks ?? [];
    if (!isBlueGreen(state) || checks.length === 0) return;
    const old = state.fingerprintSha256.toLowerCase();
    const statuses = await waitUntilNotServed(checks, old, servingOptionsFromEnv());
    const seen: Seen[] = statuses.map((status, i) => ({ status, check: checks[i] }));
    const stillServed = seen.filter(
        ({ status }) => !status.matched && status.servedFingerprintSha256.toLowerCase() === old,
    );
    const unreachable = seen.filter(({ status }) => !status.matched && status.servedFingerprintSha256 === "");
    const requiredStillServed = stillServed.filter(({ check }) => check.required === true);
    const optionalStillServed = stillServed.filter(({ check }) => check.required !== true);
    const oldLeaf = `the old certificate (SHA-256 ${fingerprintStart(old)})`;
    if (requiredStillServed.length > 0) {
        throw new CertdeployError(
            `${target} is not deleted: required serving check ${endpoints(requiredStillServed)} still serves ${oldLeaf} after its timeout. ` +
                "Point that consumer at the new certificate (or raise timeoutSeconds), then run `pulumi up` again: the old ARN stays in state marked for deletion, " +
                "and is deleted once no required endpoint serves it",
        );
    }
    if (optionalStillServed.length > 0) {
        console.error(
            `warning: ${target}: ${endpoints(optionalStillServed)} still serves ${oldLeaf}; the check is not required, so the old ARN is deleted anyway`,
        );
    }
    if (unreachable.length > 0) {
        const why = unreachable.map(({ status }) => status.error ?? "no handshake").join("; ");
        console.error(
            redact(
                `warning: ${target}: could not confirm that ${endpoints(unreachable)} no longer serves ${oldLeaf} (${why}); the old ARN is deleted`,
            ),
        );
    }
}

const endpoints = (seen: readonly Seen[]): string => seen.map(({ check }) => check.endpoint).join(", ");
