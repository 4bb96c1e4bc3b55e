/**
 * The deploy transaction, shared by every target:
 *   snapshot → drift check → import → tag → verify → serving checks → (on failure) rollback → verify rollback.
 * The rollback itself is in rollback.ts; which certificate a reading shows, in live-is.ts; the serving checks,
 * in serving-step.ts.
 * Targets supply the cloud calls (TargetSteps) and say where the certificate
 * lives (`At`: an ACM ARN, a Key Vault name); the sequence, the verification
 * policy, metrics and audit record live here and only here. Every judgement
 * is by full identity (identity.ts), read from the cloud.
 */
import type { Deployment, DeploymentResult } from "../../sdk/schema-types";
import { writeAuditLine } from "./audit";
import { describeError } from "./errors";
import { CertificateIdentity, describeIdentity, sameCertificate } from "./identity";
import { classify, isLive, LiveIs } from "./live-is";
import { metricsFlushed, recordAttempt, recordRollback, TargetType } from "./metrics";
import { DeploymentRecorder } from "./record";
import { rollback, RolledBack } from "./rollback";
import { runServingStep, ServingStep } from "./serving-step";
import type { ServingStatus } from "./serving";
import { LiveReading, verifyLive, VerifyPolicy } from "./verify";

/** What the snapshot found: where the certificate is (if anywhere yet) and what is live there. */
export interface Snapshot<At, Live extends CertificateIdentity = CertificateIdentity> {
    at?: At;
    live?: Live;
}

/** `Live`: what the target's reads return — an identity plus whatever the target knows (Key Vault: version, tags). */
export interface TargetSteps<At, Live extends CertificateIdentity = CertificateIdentity> {
    targetType: TargetType;
    /** e.g. `AcmCertificate "api" (arn:aws:acm:…)`, used in every message. */
    target: string;
    /** What we mean to be live after the transaction. */
    intended: CertificateIdentity;
    /** What state says is live (previous outputs); undefined on a create. */
    recorded?: CertificateIdentity;
    /**
     * A create that takes over something already there (a pinned ARN): what
     * the snapshot shows then is the baseline a failed create must leave live.
     */
    adopting?: boolean;
    overwriteDrift: boolean;
    /** Reads what is live now, with the target's pre-import checks (which throw AbortedBeforeImport). */
    snapshot(): Promise<Snapshot<At, Live>>;
    /** Imports the intended certificate over what the snapshot saw (`before`); answers where it now lives (and what the cloud said it stored). */
    importIntended(at: At | undefined, before: Live | undefined): Promise<Written<At>>;
    /**
     * Writes tags after the import. `resumed`: no import ran because the snapshot showed the intended
     * certificate live already (an interrupted run, or a certificate another instance deployed).
     */
    applyTags?(at: At, resumed: Live | undefined): Promise<void>;
    /** Reads what is live; undefined when nothing is (deleted, never created). */
    readLive(at: At): Promise<Live | undefined>;
    /** Re-imports the recorded certificate and key from state; answers what the cloud said it stored, if it says. */
    restoreRecorded?(at: At): Promise<CertificateIdentity | undefined>;
    /** Puts back the tags state records, after a rollback (ACM: tags are separate from the certificate). */
    restoreTags?(at: At): Promise<void>;
    /** Removes what a fresh import created (ACM: delete the new ARN, or find and delete it when its answer was lost). */
    discardFresh?(at: At | undefined): Promise<void>;
    /** The command or action that recovers by hand, named in rollback_failed messages. */
    recoveryHint(at: At | undefined): string;
    apiCalls(): number;
}

/** Where an import landed, and the cloud's answer about it (Key Vault answers with the new version). */
export interface Written<At> {
    at: At;
    answer?: CertificateIdentity;
}

export type RollbackOutcome = "restored" | "also_failed";

export interface TransactionOutcome<At, Live extends CertificateIdentity = CertificateIdentity> {
    deployment: Deployment;
    /** Where the certificate lives (undefined when a create left nothing and never learnt an address). */
    at?: At;
    /** The last reading of the live certificate: the truth to write back to state. */
    reading: LiveReading<Live>;
    /** What the snapshot found before anything was written. */
    before?: Live;
    liveIs: LiveIs;
    /** Chain certificates the cloud returned after the ones we imported (tolerated, recorded). */
    trailingChain: string[];
    /**
     * The last write's own answer (import, or restore when one ran), for when no read succeeded afterwards:
     * the best knowledge of what the cloud stored (its version id), never a substitute for a read.
     */
    lastAnswer?: CertificateIdentity;
    rollback?: RollbackOutcome;
    /** After a failed rotation: true when the tags state records are live again; false when the new ones may still be. */
    tagsRestored?: boolean;
    /** Set when result is not `succeeded`. */
    failure?: string;
    /** What each serving check saw, when they ran (after a verified import). */
    servingStatus?: ServingStatus[];
}

/** Thrown before anything was written (snapshot failed, drift, ownership): state stays as it was. */
export class AbortedBeforeImport extends Error {
    readonly certdeployAborted = true;
    static isInstance(e: unknown): e is AbortedBeforeImport {
        return typeof e === "object" && e !== null && (e as { certdeployAborted?: unknown }).certdeployAborted === true;
    }
}

/**
 * Runs the transaction and answers only once its metrics are written (the host may exit right after).
 * `serving`: the checks to run once verify has seen the import live; a required one that fails rolls back.
 */
export async function runTransaction<At, Live extends CertificateIdentity>(
    steps: TargetSteps<At, Live>,
    policy: VerifyPolicy,
    serving?: ServingStep,
): Promise<TransactionOutcome<At, Live>> {
    try {
        return await runSequence(steps, policy, serving);
    } finally {
        await metricsFlushed();
    }
}

export interface Progress<At, Live extends CertificateIdentity> {
    at?: At;
    /** ImportIntended answered: the intended certificate landed, whatever later reads show. */
    importAnswered: boolean;
    /** The tag step ran (it may have changed tags even when it failed). */
    tagsTouched: boolean;
    /** What a failed create must leave live (a pinned ARN's original), if anything. */
    baseline?: CertificateIdentity;
    lastAnswer?: CertificateIdentity;
    /** The cloud's version id the snapshot saw (Key Vault), to tell a stale read from a newer write. */
    snapshotVersion?: string;
    before?: Live;
}

async function runSequence<At, Live extends CertificateIdentity>(
    steps: TargetSteps<At, Live>,
    policy: VerifyPolicy,
    serving: ServingStep | undefined,
): Promise<TransactionOutcome<At, Live>> {
    const rec = new DeploymentRecorder(() => steps.apiCalls());
    const previousSerial = steps.recorded?.serial ?? "";
    let snapshot: Snapshot<At, Live>;
    try {
        snapshot = await rec.step("snapshot", () => steps.snapshot());
        checkDrift(steps, snapshot.live);
    } catch (e) {
        safely(() => recordAttempt(steps.targetType, "aborted"));
        writeAuditLine({
            target: steps.targetType,
            resource: steps.target,
            result: "aborted",
            previousSerial,
            serial: steps.intended.serial,
            message: describeError(e),
            apiCalls: steps.apiCalls(),
        });
        throw e;
    }

    const progress: Progress<At, Live> = {
        at: snapshot.at,
        importAnswered: false,
        tagsTouched: false,
        snapshotVersion: snapshot.live?.version,
        before: snapshot.live,
    };
    if (steps.adopting && !steps.recorded) progress.baseline = snapshot.live;
    // A previous run of this deployment was interrupted after its import landed: resume, do not import again.
    const alreadyLive =
        snapshot.at !== undefined &&
        snapshot.live !== undefined &&
        isLive(steps, progress.baseline, steps.intended)(snapshot.live);
    let failure: string | undefined;
    let servingStatus: ServingStatus[] | undefined;
    try {
        if (alreadyLive) progress.importAnswered = true;
        else {
            const written = await rec.step("import", () => steps.importIntended(snapshot.at, snapshot.live));
            progress.at = written.at;
            progress.lastAnswer = written.answer;
            progress.importAnswered = true;
        }
        if (steps.applyTags) {
            progress.tagsTouched = true;
            const at = progress.at as At;
            const resumed = alreadyLive ? snapshot.live : undefined;
            await rec.step("tag", () => steps.applyTags!(at, resumed));
        }
    } catch (e) {
        failure = `${steps.target}: ${describeError(e)}`;
    }
    if (failure === undefined && progress.at !== undefined) {
        const at = progress.at;
        const t0 = performance.now();
        const verified = await verifyLive(
            () => steps.readLive(at),
            isLive(steps, progress.baseline, steps.intended),
            policy,
        );
        rec.mark("verify", performance.now() - t0, verified.ok);
        if (verified.ok) {
            // The store holds the new certificate; now, what do clients see? Only a required check can fail the deployment.
            const served = await runServingStep(steps.target, steps.intended, rec, serving);
            servingStatus = served?.statuses;
            if (served?.failure === undefined)
                return {
                    ...finish(steps, rec, "succeeded", previousSerial, progress, verified.reading),
                    servingStatus,
                };
            failure = served.failure;
        } else failure = verifyFailure(steps, verified.reading);
    }
    const rolledBack = await rollback(steps, rec, policy, progress);
    const result = rolledBack.outcome === "restored" ? "rolled_back" : "rollback_failed";
    const outcome = finish(steps, rec, result, previousSerial, progress, rolledBack.reading, failure, rolledBack);
    safely(() => recordRollback(steps.targetType, rolledBack.outcome));
    return { ...outcome, servingStatus };
}

function verifyFailure<At, Live extends CertificateIdentity>(
    steps: TargetSteps<At, Live>,
    reading: LiveReading<Live>,
): string {
    if (!reading.known)
        return `${steps.target}: verify could not read the live certificate (${describeError(reading.error)})`;
    if (!reading.live) return `${steps.target}: verify found no certificate live after the import`;
    return `${steps.target}: verify found ${describeIdentity(reading.live)} live, not the imported ${describeIdentity(steps.intended)}`;
}

function checkDrift<At, Live extends CertificateIdentity>(
    steps: TargetSteps<At, Live>,
    live: CertificateIdentity | undefined,
): void {
    if (!steps.recorded || steps.overwriteDrift) return;
    if (live && isLive(steps, undefined, steps.intended)(live)) return; // our own interrupted deployment, not drift
    if (!live) {
        throw new AbortedBeforeImport(
            `${steps.target} no longer exists, but state says ${describeIdentity(steps.recorded)} is live. Run \`pulumi refresh\` to drop it from state, then \`pulumi up\` to deploy again.`,
        );
    }
    if (!isLive(steps, undefined, steps.recorded)(live)) {
        throw new AbortedBeforeImport(
            `${steps.target} was changed outside Pulumi: ${describeIdentity(live)} is live, state says ${describeIdentity(steps.recorded)} (leaf and chain compared). Nothing was imported. Run \`pulumi refresh\` to accept the live certificate, or set overwriteDrift: true to replace it.`,
        );
    }
}

function describeLive<Live extends CertificateIdentity>(reading: LiveReading<Live>): string {
    if (!reading.known) return "the live certificate could not be read";
    return reading.live ? `${describeIdentity(reading.live)} is live` : "nothing is live";
}

/** What a rollback made live again, as its message names it. */
function liveAgain<At, Live extends CertificateIdentity>(
    steps: TargetSteps<At, Live>,
    progress: Progress<At, Live>,
): string {
    if (steps.recorded) return describeIdentity(steps.recorded);
    if (progress.baseline) return "the certificate that was there before";
    return "(none: the fresh import was removed)";
}

function finish<At, Live extends CertificateIdentity>(
    steps: TargetSteps<At, Live>,
    rec: DeploymentRecorder,
    result: DeploymentResult,
    previousSerial: string,
    progress: Progress<At, Live>,
    reading: LiveReading<Live>,
    failure?: string,
    rolledBack?: RolledBack<Live>,
): TransactionOutcome<At, Live> {
    const liveIs = classify(steps, progress, reading);
    let message: string | undefined;
    if (failure !== undefined && result === "rolled_back") {
        const tagNote =
            rolledBack?.tagsRestored === false
                ? " Its tags could not be restored: the new tags are still applied (state records them)."
                : "";
        message = `${failure}. Rolled back: ${liveAgain(steps, progress)} is live again.${tagNote}`;
    } else if (failure !== undefined) {
        message = `${failure}. Rollback failed: ${describeLive(reading)}. Recover with: ${steps.recoveryHint(progress.at)}`;
    }
    const liveSerial = reading.known && reading.live ? reading.live.serial : "";
    const deployment = rec.finish(result, previousSerial, liveSerial, message);
    safely(() => recordAttempt(steps.targetType, result));
    writeAuditLine({
        target: steps.targetType,
        resource: steps.target,
        result,
        previousSerial,
        serial: deployment.serial,
        message,
        rollback: rolledBack?.outcome,
        apiCalls: deployment.apiCalls,
    });
    let trailingChain: string[] = [];
    if (liveIs === "intended" && reading.known && reading.live)
        trailingChain = sameCertificate(steps.intended, reading.live).trailing;
    return {
        deployment,
        at: progress.at,
        reading,
        before: progress.before,
        liveIs,
        trailingChain,
        lastAnswer: progress.lastAnswer,
        rollback: rolledBack?.outcome,
        tagsRestored: rolledBack?.tagsRestored,
        failure: message,
    };
}

/** Metrics never fail a deployment: by the time they are counted the cloud write has happened. */
function safely(count: () => void): void {
    try {
        count();
    } catch (e) {
        console.error(`certdeploy: could not count the deployment in metrics: ${describeError(e)}`);
    }
}
