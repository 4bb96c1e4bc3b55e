/**
 * The three states of the status board, decided per certificate:
 *   failed    the last deployment did not succeed (rolled_back or rollback_failed)
 *   expiring  it expires within the threshold, or has expired
 *   healthy   neither
 * A failed deployment outranks expiry: it needs a person first, and its card still shows the days left.
 */
import type { CertificateRow } from "./stack-export";

export type BoardState = "failed" | "expiring" | "healthy";

export const BOARD_STATES: readonly BoardState[] = ["failed", "expiring", "healthy"];

/** Results that mean the last `pulumi up` of this certificate did not end as intended. */
const FAILED_RESULTS = new Set(["rolled_back", "rollback_failed"]);

export function boardState(row: CertificateRow, expiringWithinDays: number): BoardState {
    const lastDeploymentFailed = row.lastDeployment !== undefined && FAILED_RESULTS.has(row.lastDeployment);
    if (lastDeploymentFailed) return "failed";
    const expiresSoon = row.daysToExpiry !== undefined && row.daysToExpiry < expiringWithinDays;
    if (expiresSoon) return "expiring";
    return "healthy";
}
