/**
 * Ownership claims (DESIGN.md §8): each resource instance writes a claim on
 * what it deploys — the `certdeploy-claim` tag, and the same value in state
 * (`ownershipClaim`). Delete removes a certificate only while the live claim
 * is still this instance's; when another resource (a rename or a move into a
 * component without an alias) or a person has claimed it since, delete
 * retains it and says who holds it.
 *
 * The claim also says how the instance came to hold the certificate:
 * `created:<id>` when certdeploy made it, `adopted:<id>` when it existed
 * before (a pinned ARN, a Key Vault name taken over with `overwriteDrift`).
 * Adopted certificates are retained by default, and a later create never
 * takes one over as its own.
 *
 * ```
 * newClaim("adopted") → "adopted:5f0c2a1e-3b7d-4c9a-9e61-0d2f8b7a4c13"
 * ```
 */
import { randomUUID } from "node:crypto";
import { CERTIFICATE_ID_TAG, CLAIM_TAG } from "./provenance";

export type ClaimOrigin = "created" | "adopted";

export const newClaimId = (): string => randomUUID();
export const claimWith = (origin: ClaimOrigin, id: string): string => `${origin}:${id}`;
export const newClaim = (origin: ClaimOrigin): string => claimWith(origin, newClaimId());

export const isAdoptedClaim = (claim: string | undefined): boolean => claim?.startsWith("adopted:") === true;

/** What delete may do with a target, judged from its live tags against the claim in state. */
export type DeleteDecision = { remove: true; warning?: string } | { remove: false; reason: string };

/**
 * `stateClaim` undefined: a state written before claims existed — delete as
 * before, once, with a warning (the next update writes a claim).
 */
export function mayDelete(
    target: string,
    stateClaim: string | undefined,
    liveTags: Record<string, string>,
): DeleteDecision {
    if (stateClaim === undefined) {
        return {
            remove: true,
            warning: `${target}: state has no ownership claim (written by an earlier certdeploy release), so it is deleted without checking who holds it now, as before; run \`pulumi up\` once after upgrading to record a claim`,
        };
    }
    const live = liveTags[CLAIM_TAG];
    if (live === stateClaim) return { remove: true };
    return {
        remove: false,
        reason: `${target} is retained, not deleted: it now carries ${holderOf(liveTags)}, not this resource's claim ${stateClaim}. Another resource (a rename or move without an alias, or another stack) holds it; destroy that one to remove it`,
    };
}

/** Who holds a target by its live tags, for the message of a refused delete. */
function holderOf(liveTags: Record<string, string>): string {
    const claim = liveTags[CLAIM_TAG];
    if (claim === undefined) return "no certdeploy claim (someone removed it, or wrote the certificate by hand)";
    const certificateId = liveTags[CERTIFICATE_ID_TAG];
    if (certificateId) return `claim ${claim} of certificateId "${certificateId}"`;
    return `claim ${claim}`;
}
