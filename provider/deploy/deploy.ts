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
import type { VerifyPolicy } from "./verify";

/** How a target writes each truth into its outputs. */
export interface StateWriter<At, Out, Live extends CertificateIdentity = CertificateIdentity> {
    /** The certificate we deployed is live at `at`. `trailingChain`: CA certificates the cloud appended; `before`: what the snapshot found. */
    intended(at: At, deployment: Deployment, live: Live | CertificateIdentity | undefined, trailingChain: string[], before: Live | undefined): Out;
    /** The certificate state recorded is (still, or again) live. `tagsRestored: false` — the new tags are still applied. */
    recorded(at: At, deployment: Deployment, live: Live | CertificateIdentity | undefined, tagsRestored: boolean): Out;
    /** Something else is live (another writer's version, an out-of-band change). */
    observed(at: At, deployment: Deployment, live: Live): Out;
}

export interface DeployRequest<At, Out, Live extends CertificateIdentity = CertificateIdentity> {
    /** What state says is live; undefined on a create. */
    recorded?: CertificateIdentity;
    intended: CertificateIdentity;
    /** The previous outputs (update only): returned with new inputs when nothing cloud-side changes. */
    unchanged?: {
        /** True when tags (or the provenance id) differ from state: the fast path updates them. */
        tagsChanged: boolean;
        updateTags(): Promise<void>;
        state(): Out;
    };
    /** Built only when the transaction runs, so a no-op apply loads no cloud SDK. */
    steps: () => TargetSteps<At, Live>;
    policy: VerifyPolicy;
    id(at: At): string;
    write: StateWriter<At, Out, Live>;
    /** e.g. `AcmCertificate "api" (arn:…)`, for messages. */
    target: string;
}

const answerFor = (want: CertificateIdentity | undefined, answer: CertificateIdentity | undefined): CertificateIdentity | undefined =>
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
export async function deployCertificate<At, Out, Live extends CertificateIdentity = CertificateIdentity>(
    request: DeployRequest<At, Out, Live>,
): Promise<Deployed<Out> & { outcome?: TransactionOutcome<At, Live> }> {
    const sameAsRecorded = request.recorded !== undefined && exactlySame(request.recorded, request.intended);
    if (sameAsRecorded && request.unchanged) {
        if (request.unchanged.tagsChanged) await request.unchanged.updateTags();
        return { id: "", outs: request.unchanged.state() };
    }
    const outcome = await runTransaction(request.steps(), request.policy);
    const { at, reading, deployment } = outcome;
    const live = reading.known ? reading.live : undefined;
    if (deployment.result === "succeeded" && at !== undefined) {
        return { id: request.id(at), outs: request.write.intended(at, deployment, live, outcome.trailingChain, outcome.before), outcome };
    }
    const message = outcome.failure ?? `${request.target}: deployment failed`;
    const isCreate = request.recorded === undefined;
    const partial = (outs: Out): never => {
        throw new CertdeployError(message, { id: request.id(at as At), properties: { ...(outs as Record<string, unknown>) } });
    };
    if (at === undefined) throw new CertdeployError(message);
    switch (outcome.liveIs) {
        case "intended":
            return partial(request.write.intended(at, deployment, live, outcome.trailingChain, outcome.before));
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
            if (isCreate) return partial(request.write.intended(at, deployment, answerFor(request.intended, outcome.lastAnswer), [], outcome.before));
            return partial(request.write.recorded(at, deployment, answerFor(request.recorded, outcome.lastAnswer), outcome.tagsRestored !== false));
    }
}
