/** Turns problems into CheckFailures and log lines. Reasons name the property; values are never echoed. */
import { errorsOf, Problem } from "../material/problem";
import { CertdeployError, redact } from "../deploy/errors";

export interface CheckFailure {
    property: string;
    reason: string;
}

export const toFailures = (problems: readonly Problem[]): CheckFailure[] =>
    errorsOf(problems).map((p) => ({ property: p.property, reason: `${p.property} ${p.reason}` }));

/** Warnings go to the host's stderr, which Pulumi shows as provider diagnostics. */
export function logWarnings(resource: string, problems: readonly Problem[]): void {
    for (const p of problems)
        if (p.severity === "warning") console.error(redact(`warning: ${resource}: ${p.property} ${p.reason}`));
}

/** create/update re-check inputs (they may have been unknown at preview) and refuse with every problem at once. */
export function refuseInvalid(resource: string, problems: readonly Problem[]): void {
    const errors = toFailures(problems);
    if (errors.length > 0)
        throw new CertdeployError(`${resource}: invalid inputs: ${errors.map((f) => f.reason).join("; ")}`);
}
