/**
 * The serving step of a deployment (DESIGN.md §10), shared by the transaction
 * (after verify) and the no-import path (a change of `servingChecks` alone):
 * run every check against the deployed leaf, record the step, warn for each
 * optional check that did not match, and fail when a required one did not.
 */
import { isDeepStrictEqual } from "node:util";
import type { CertificateIdentity } from "./identity";
import type { DeploymentRecorder } from "./record";
import { describeUnmatched, runServingChecks, ServingCheck, ServingOptions, ServingStatus, unmatched } from "./serving";
import { redact } from "./errors";

export interface ServingStep {
    checks: readonly ServingCheck[];
    options?: ServingOptions;
}

export interface ServingOutcome {
    statuses: ServingStatus[];
    /** Set when a required check did not match in time: the deployment fails (and rolls back). */
    failure?: string;
}

/** Runs the checks, if there are any; undefined when there are none. `rec`: records the `serving` step (ok when every check matched). */
export async function runServingStep(
    target: string,
    deployed: CertificateIdentity,
    rec: DeploymentRecorder | undefined,
    serving: ServingStep | undefined,
): Promise<ServingOutcome | undefined> {
    if (!serving || serving.checks.length === 0) return undefined;
    const t0 = performance.now();
    const statuses = await runServingChecks(serving.checks, deployed.fingerprintSha256, serving.options);
    const missed = unmatched(serving.checks, statuses);
    rec?.mark("serving", performance.now() - t0, missed.required.length === 0 && missed.optional.length === 0);
    if (missed.optional.length > 0) {
        // Optional: the deployment stands; Pulumi shows the host's stderr as a warning diagnostic.
        console.error(
            redact(
                `warning: ${target}: ${describeUnmatched(missed.optional, deployed.fingerprintSha256)}. The deployment succeeded (the check is not required); re-check later with \`certdeploy serving --stack-export FILE\``,
            ),
        );
    }
    if (missed.required.length === 0) return { statuses };
    const failure = `${target}: required serving check failed: ${describeUnmatched(missed.required, deployed.fingerprintSha256)}. Point the consumer at the new certificate (or raise timeoutSeconds), then run \`pulumi up\` again`;
    return { statuses, failure };
}

/** The step a target's inputs ask for: their checks (polled as the environment says, servingOptionsFromEnv). */
export const servingStepFor = (checks: readonly ServingCheck[] | undefined): ServingStep | undefined =>
    checks && checks.length > 0 ? { checks } : undefined;

/** Whether the checks differ from the ones state recorded (then they run again, even with no import). */
export const servingChecksChanged = (
    recorded: readonly ServingCheck[] | undefined,
    next: readonly ServingCheck[] | undefined,
): boolean => !isDeepStrictEqual(recorded ?? [], next ?? []);
