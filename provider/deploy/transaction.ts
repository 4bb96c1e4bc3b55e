/**
 * The deploy transaction, shared by every target:
 *   snapshot → drift check → import → tag → verify → (on failure) rollback → verify rollback.
 * Targets supply the cloud calls (TargetSteps); the sequence, verification
 * policy, metrics and audit record live here and only here.
 */
import type { Deployment, DeploymentResult } from "../../sdk/schema-types";
import { sameSerial } from "../material/serial";
import { writeAuditLine } from "./audit";
import { describeError } from "./errors";
import { metricsFlushed, recordAttempt, recordRollback, TargetType } from "./metrics";
import { DeploymentRecorder } from "./record";
import { LiveIdentity, verifyLive, VerifyPolicy } from "./verify";

export interface Identity {
    serial: string;
    /** Key Vault x5t, uppercase hex. */
    thumbprint?: string;
}

export interface TargetSteps {
    targetType: TargetType;
    /** e.g. `AcmCertificate "api" (arn:aws:acm:…)`, used in every message. */
    target: string;
    /** What we mean to be live after the transaction. */
    intended: Identity;
    /** What state says is live (previous outputs); undefined on a fresh create. */
    recorded?: Identity;
    overwriteDrift: boolean;
    /** Reads what is live now, with the target's pre-import checks; undefined when nothing is. */
    snapshot(): Promise<LiveIdentity | undefined>;
    /**
     * Imports the intended certificate. `alreadyLive` is set when the snapshot
     * shows it live already (an interrupted run of this same deployment): the
     * target records it without importing again.
     */
    importIntended(alreadyLive: boolean): Promise<void>;
    applyTags?(): Promise<void>;
    /** Reads what is live; undefined when nothing is (deleted, never created). */
    readLive(): Promise<LiveIdentity | undefined>;
    /** Re-imports the recorded certificate and key from state. */
    restoreRecorded?(): Promise<void>;
    /** Removes what a fresh import created (ACM: delete the new ARN). */
    discardFresh?(): Promise<void>;
    /** The command or action that recovers by hand, named in rollback_failed messages. */
    recoveryHint(): string;
    apiCalls(): number;
}

export type RollbackOutcome = "restored" | "also_failed";

export interface TransactionOutcome {
    deployment: Deployment;
    /** The last live identity read, the truth to write back to state. */
    live?: LiveIdentity;
    rollback?: RollbackOutcome;
    /** Set when result is not `succeeded`. */
    failure?: string;
}

/** Thrown before anything was written (snapshot failed, drift, ownership): state stays as it was. */
export class AbortedBeforeImport extends Error {
    readonly certdeployAborted = true;
    static isInstance(e: unknown): e is AbortedBeforeImport {
        return typeof e === "object" && e !== null && (e as { certdeployAborted?: unknown }).certdeployAborted === true;
    }
}

export const matchesIdentity =
    (want: Identity) =>
    (live: LiveIdentity): boolean =>
        sameSerial(live.serial, want.serial) && (want.thumbprint === undefined || live.thumbprint?.toUpperCase() === want.thumbprint.toUpperCase());

/** Runs the transaction and answers only once its metrics are written (the host may exit right after). */
export async function runTransaction(steps: TargetSteps, policy: VerifyPolicy): Promise<TransactionOutcome> {
    try {
        return await runSequence(steps, policy);
    } finally {
        await metricsFlushed();
    }
}

async function runSequence(steps: TargetSteps, policy: VerifyPolicy): Promise<TransactionOutcome> {
    const rec = new DeploymentRecorder(() => steps.apiCalls());
    const previousSerial = steps.recorded?.serial ?? "";
    let snapshot: LiveIdentity | undefined;
    try {
        snapshot = await rec.step("snapshot", () => steps.snapshot());
        checkDrift(steps, snapshot);
    } catch (e) {
        recordAttempt(steps.targetType, "aborted");
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

    // A previous run of this deployment was interrupted after its import landed: resume, do not import again.
    const alreadyLive = snapshot !== undefined && matchesIdentity(steps.intended)(snapshot);
    let failure: string | undefined;
    try {
        await rec.step("import", () => steps.importIntended(alreadyLive));
        if (steps.applyTags) await rec.step("tag", () => steps.applyTags!());
    } catch (e) {
        failure = `${steps.target}: ${describeError(e)}`;
    }
    let live: LiveIdentity | undefined;
    if (failure === undefined) {
        const t0 = performance.now();
        const verified = await verifyLive(() => steps.readLive(), matchesIdentity(steps.intended), policy);
        rec.mark("verify", performance.now() - t0, verified.ok);
        live = verified.live;
        if (verified.ok) return finish(steps, rec, "succeeded", previousSerial, live);
        failure = verified.live
            ? `${steps.target}: verify found serial ${verified.live.serial} live, not the imported ${steps.intended.serial}`
            : `${steps.target}: verify could not read the live certificate (${describeError(verified.error)})`;
    }
    const rolledBack = await rollback(steps, rec, policy);
    const outcome = finish(steps, rec, rolledBack.outcome === "restored" ? "rolled_back" : "rollback_failed", previousSerial, rolledBack.live, failure, rolledBack.outcome);
    recordRollback(steps.targetType, rolledBack.outcome);
    return outcome;
}

function checkDrift(steps: TargetSteps, snapshot: LiveIdentity | undefined): void {
    if (!steps.recorded || steps.overwriteDrift) return;
    if (snapshot && matchesIdentity(steps.intended)(snapshot)) return; // our own interrupted deployment, not drift
    if (!snapshot) {
        throw new AbortedBeforeImport(
            `${steps.target} no longer exists, but state says serial ${steps.recorded.serial} is live. Run \`pulumi refresh\` to drop it from state, then \`pulumi up\` to deploy again.`,
        );
    }
    if (!matchesIdentity(steps.recorded)(snapshot)) {
        throw new AbortedBeforeImport(
            `${steps.target} was changed outside Pulumi: serial ${snapshot.serial} is live, state says ${steps.recorded.serial}. Nothing was imported. Run \`pulumi refresh\` to accept the live certificate, or set overwriteDrift: true to replace it.`,
        );
    }
}

/**
 * Makes the recorded certificate live again (or undoes a fresh create) and
 * verifies it. The outcome is judged by what is live afterwards, not by whether
 * a call answered: a restore whose answer was lost may still have landed.
 */
async function rollback(steps: TargetSteps, rec: DeploymentRecorder, policy: VerifyPolicy): Promise<{ outcome: RollbackOutcome; live?: LiveIdentity }> {
    if (!steps.recorded) return undoFreshCreate(steps, rec);
    const recorded = steps.recorded;
    const before = await readQuietly(steps);
    if (before.read && before.live && matchesIdentity(recorded)(before.live)) return { outcome: "restored", live: before.live };
    await rec.step("rollback", () => steps.restoreRecorded!()).catch(() => undefined);
    const t0 = performance.now();
    const verified = await verifyLive(() => steps.readLive(), matchesIdentity(recorded), policy);
    rec.mark("rollback_verify", performance.now() - t0, verified.ok);
    return { outcome: verified.ok ? "restored" : "also_failed", live: verified.live };
}

/** A fresh create is undone when nothing of it is left: the target discards what it created, or nothing was ever live. */
async function undoFreshCreate(steps: TargetSteps, rec: DeploymentRecorder): Promise<{ outcome: RollbackOutcome; live?: LiveIdentity }> {
    if (steps.discardFresh) {
        try {
            await rec.step("cleanup", () => steps.discardFresh!());
            return { outcome: "restored" };
        } catch {
            return { outcome: "also_failed", live: (await readQuietly(steps)).live };
        }
    }
    const after = await readQuietly(steps);
    return after.read && after.live === undefined ? { outcome: "restored" } : { outcome: "also_failed", live: after.live };
}

/** `read` is false when the read itself failed (then nothing is known). */
async function readQuietly(steps: TargetSteps): Promise<{ read: boolean; live?: LiveIdentity }> {
    try {
        return { read: true, live: await steps.readLive() };
    } catch {
        return { read: false };
    }
}

function finish(
    steps: TargetSteps,
    rec: DeploymentRecorder,
    result: DeploymentResult,
    previousSerial: string,
    live: LiveIdentity | undefined,
    failure?: string,
    rollback?: RollbackOutcome,
): TransactionOutcome {
    const message =
        failure === undefined
            ? undefined
            : result === "rolled_back"
              ? `${failure}. Rolled back: serial ${steps.recorded?.serial ?? "(none: the fresh import was removed)"} is live again.`
              : `${failure}. Rollback failed: ${live ? `serial ${live.serial} is live` : "the live certificate could not be read"}. Recover with: ${steps.recoveryHint()}`;
    const deployment = rec.finish(result, previousSerial, live?.serial ?? "", message);
    recordAttempt(steps.targetType, result);
    writeAuditLine({ target: steps.targetType, resource: steps.target, result, previousSerial, serial: deployment.serial, message, rollback, apiCalls: deployment.apiCalls });
    return { deployment, live, rollback, failure: message };
}
