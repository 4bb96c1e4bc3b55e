/**
 * One deployment from the provider's point of view, for every target: the
 * no-op fast path, the transaction, and the turning of its outcome into the
 * state Pulumi records — outputs on success, an error with partial state
 * (ErrorResourceInitFailed) when something of ours is live after a failure,
 * a plain error when nothing is. Targets only say how to build each state.
 */
import type { Deployment } from "../../sdk/schema-types";
import { CertdeployError } from "./errors";
import { CertificateIdentity, exactlySame, sameCertificate } from "./identity";
import { runTransaction, TargetSteps, TransactionOutcome } from "./transaction";
import type { ServingStatus } from "./serving";
import { runServingStep, ServingStep } from "./serving-step";
import type { VerifyPolicy } from "./verify";

/** The outputs every target shares with the core: what the serving checks saw. */
export interface ServingOutputs {
    servingStatus?: ServingStatus[];
}

/** How a target writes each truth into its outputs. */
export interface StateWriter<At, Out extends ServingOutputs, Live extends CertificateIdentity = CertificateIdentity> {
    /** The certificate we deployed is live at `at`. `trailingChain`: CA certificates the cloud appended; `before`: what the snapshot found. */
    intended(
        at: At,
        deployment: Deployment,
        live: Live | CertificateIdentity | undefined,
        trailingChain: string[],
        before: Live | undefined,
    ): Out;
    /** The certificate state recorded is (still, or again) live. `tagsRestored: false` — the new tags are still applied. */
    recorded(at: At, deployment: Deployment, live: Live | CertificateIdentity | undefined, tagsRestored: boolean): Out;
    /** Something else is live (another writer's version, an out-of-band change). */
    observed(at: At, deployment: Deployment, live: Live): Out;
}

export interface DeployRequest<At, Out extends ServingOutputs, Live extends CertificateIdentity = CertificateIdentity> {
    /** What state says is live; undefined on a create. */
    recorded?: CertificateIdentity;
    intended: CertificateIdentity;
    /** The previous outputs (update only): returned with new inputs when nothing cloud-side changes. */
    unchanged?: {
        /** True when tags (or the provenance id) differ from state: the fast path updates them. */
        tagsChanged: boolean;
        updateTags(): Promise<void>;
        state(): Out;
        /** True when `servingChecks` differ from state's: the checks run again, with no import. */
        servingChecksChanged: boolean;
        /** What the checks saw at the last deployment (kept when they do not run). */
        servingStatus?: ServingStatus[];
    };
    /** The serving checks to run after verify (and on a change of the checks alone). */
    serving?: ServingStep;
    /** Built only when the transaction runs, so a no-op apply loads no cloud SDK. */
    steps: () => TargetSteps<At, Live>;
    policy: VerifyPolicy;
    id(at: At): string;
    write: StateWriter<At, Out, Live>;
    /** e.g. `AcmCertificate "api" (arn:…)`, for messages. */
    target: string;
}

const answerFor = (
    want: CertificateIdentity | undefined,
    answer: CertificateIdentity | undefined,
): CertificateIdentity | undefined =>
    want !== undefined && answer !== undefined && sameCertificate(want, answer).same ? answer : undefined;

export interface Deployed<Out> {
    id: string;
    outs: Out;
}

/**
 * Runs one create or update. Fast path: the certificate in state *is* the one
 * asked for (leaf fingerprint and chain), so nothing is imported — only tags
 * that changed are written. Otherwise the transaction runs and its outcome is
 * written back as what is live.
 */
export async function deployCertificate<
    At,
    Out extends ServingOutputs,
    Live extends CertificateIdentity = CertificateIdentity,
>(request: DeployRequest<At, Out, Live>): Promise<Deployed<Out> & { outcome?: TransactionOutcome<At, Live> }> {
    const sameAsRecorded = request.recorded !== undefined && exactlySame(request.recorded, request.intended);
    if (sameAsRecorded && request.unchanged) return updateWithoutImport(request, request.unchanged);
    const outcome = await runTransaction(request.steps(), request.policy, request.serving);
    const { at, reading, deployment } = outcome;
    const live = reading.known ? reading.live : undefined;
    if (deployment.result === "succeeded" && at !== undefined) {
        const outs = withServingStatus(
            request.write.intended(at, deployment, live, outcome.trailingChain, outcome.before),
            outcome.servingStatus,
        );
        return { id: request.id(at), outs, outcome };
    }
    const message = outcome.failure ?? `${request.target}: deployment failed`;
    const isCreate = request.recorded === undefined;
    const partial = (outs: Out): never => {
        throw new CertdeployError(message, {
            id: request.id(at as At),
            properties: { ...(outs as Record<string, unknown>) },
        });
    };
    if (at === undefined) throw new CertdeployError(message);
    switch (outcome.liveIs) {
        case "intended":
            return partial(
                withServingStatus(
                    request.write.intended(at, deployment, live, outcome.trailingChain, outcome.before),
                    outcome.servingStatus,
                ),
            );
        case "recorded":
            return partial(request.write.recorded(at, deployment, live, outcome.tagsRestored !== false));
        case "other":
            return partial(request.write.observed(at, deployment, live!));
        case "baseline":
        case "none":
            // A create that left what was there (or nothing): Pulumi must not track it. An update whose target vanished: refresh drops it.
            throw new CertdeployError(message);
        case "unknown":
            // Nothing could be read. A create may have left our certificate behind: track it so destroy can remove it.
            // The last write's answer (a Key Vault version id), when it stored the certificate state will name, is the best knowledge there is.
            if (isCreate)
                return partial(
                    request.write.intended(
                        at,
                        deployment,
                        answerFor(request.intended, outcome.lastAnswer),
                        [],
                        outcome.before,
                    ),
                );
            return partial(
                request.write.recorded(
                    at,
                    deployment,
                    answerFor(request.recorded, outcome.lastAnswer),
                    outcome.tagsRestored !== false,
                ),
            );
    }
}

/**
 * The certificate in state is the one asked for: nothing is imported. A change
 * of `servingChecks` runs them first — a required one that fails throws before
 * anything is written, so state (and the next `pulumi up`) stays as it was —
 * then tags that changed are written.
 */
async function updateWithoutImport<At, Out extends ServingOutputs, Live extends CertificateIdentity>(
    request: DeployRequest<At, Out, Live>,
    unchanged: NonNullable<DeployRequest<At, Out, Live>["unchanged"]>,
): Promise<Deployed<Out>> {
    let servingStatus = unchanged.servingStatus;
    if (unchanged.servingChecksChanged) {
        const served = await runServingStep(request.target, request.intended, undefined, request.serving);
        if (served?.failure !== undefined)
            throw new CertdeployError(
                `${served.failure}. Nothing was changed: state and the live certificate are as before`,
            );
        servingStatus = served?.statuses;
    }
    if (unchanged.tagsChanged) await unchanged.updateTags();
    return { id: "", outs: withServingStatus(unchanged.state(), servingStatus) };
}

/** Outputs with the serving checks' statuses, or without the field when no check ran (or none is configured). */
function withServingStatus<Out extends ServingOutputs>(outs: Out, statuses: ServingStatus[] | undefined): Out {
    const next = { ...outs };
    if (statuses !== undefined && statuses.length > 0) next.servingStatus = statuses;
    else delete next.servingStatus;
    return next;
}
