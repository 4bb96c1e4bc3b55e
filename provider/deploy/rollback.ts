/**
 * The rollback after a failed import, tag or verify: make the recorded certificate live again (or
 * undo a fresh create), verify that with verify's patience, and put the recorded tags back.
 */
import type { CertificateIdentity } from "./identity";
import { isLive } from "./live-is";
import type { DeploymentRecorder } from "./record";
import type { Progress, RollbackOutcome, TargetSteps } from "./transaction";
import { LiveReading, readOnce, verifyLive, VerifyPolicy } from "./verify";

export interface RolledBack<Live extends CertificateIdentity> {
    outcome: RollbackOutcome;
    reading: LiveReading<Live>;
    tagsRestored?: boolean;
}

/**
 * Makes the recorded certificate live again (or undoes a fresh create) and
 * verifies it with verify's patience. The outcome is judged by what is live
 * afterwards, not by whether a call answered: a restore whose answer was lost
 * may still have landed, and a read that shows the old certificate right after
 * our import landed may be stale — so once the import answered, the recorded
 * certificate is always imported again before it is believed live.
 */
export async function rollback<At, Live extends CertificateIdentity>(
    steps: TargetSteps<At, Live>,
    rec: DeploymentRecorder,
    policy: VerifyPolicy,
    progress: Progress<At, Live>,
): Promise<RolledBack<Live>> {
    const want = steps.recorded ?? progress.baseline;
    if (!want) return undoFreshCreate(steps, rec, progress);
    const shows = isLive(steps, progress.baseline, want);
    const at = progress.at;
    if (at === undefined)
        return { outcome: "also_failed", reading: { known: false, error: new Error("no address to read") } };
    const now = await readOnce(() => steps.readLive(at));
    if (now.known && now.live && shows(now.live) && believable(progress, now.live)) {
        return { outcome: "restored", reading: now, tagsRestored: await putTagsBack(steps, rec, at, progress) };
    }
    if (!steps.restoreRecorded) {
        // Nothing to restore from (a pinned ARN's original key was never ours). Our import answered, so a read of
        // the certificate from before may be stale: then what is live is not known, and state must not claim the old one.
        const readsShowRecorded = now.known && now.live !== undefined && shows(now.live);
        if (readsShowRecorded) {
            const stale: LiveReading<Live> = {
                known: false,
                error: new Error("reads still show the certificate from before an import that answered"),
            };
            return { outcome: "also_failed", reading: stale, tagsRestored: false };
        }
        return { outcome: "also_failed", reading: now, tagsRestored: false };
    }
    const restored = await rec.step("rollback", () => steps.restoreRecorded!(at)).catch(() => undefined);
    if (restored) progress.lastAnswer = restored;
    const t0 = performance.now();
    const verified = await verifyLive(() => steps.readLive(at), shows, policy);
    rec.mark("rollback_verify", performance.now() - t0, verified.ok);
    if (!verified.ok) return { outcome: "also_failed", reading: verified.reading, tagsRestored: false };
    return {
        outcome: "restored",
        reading: verified.reading,
        tagsRestored: await putTagsBack(steps, rec, at, { ...progress, tagsTouched: true }),
    };
}

/**
 * Is a read that shows the recorded certificate proof that it is live, with no restore?
 * Yes when our import threw (it most likely never landed), or when the cloud
 * shows a version newer than the snapshot's (another write landed after ours).
 * No when our import answered: a read of the old certificate may then be stale.
 */
function believable<At, Live extends CertificateIdentity>(
    progress: Progress<At, Live>,
    live: CertificateIdentity,
): boolean {
    if (!progress.importAnswered) return true;
    return (
        live.version !== undefined &&
        progress.snapshotVersion !== undefined &&
        live.version !== progress.snapshotVersion
    );
}

/** After the recorded certificate is live again: its tags too. A re-import may have dropped them, so this runs after every restore. */
async function putTagsBack<At, Live extends CertificateIdentity>(
    steps: TargetSteps<At, Live>,
    rec: DeploymentRecorder,
    at: At,
    progress: Progress<At, Live>,
): Promise<boolean> {
    if (!progress.tagsTouched || !steps.restoreTags) return true;
    try {
        await rec.step("rollback_tags", () => steps.restoreTags!(at));
        return true;
    } catch {
        return false;
    }
}

/** A fresh create is undone when nothing of it is left: the target discards what it created, or nothing was ever live. */
async function undoFreshCreate<At, Live extends CertificateIdentity>(
    steps: TargetSteps<At, Live>,
    rec: DeploymentRecorder,
    progress: Progress<At, Live>,
): Promise<RolledBack<Live>> {
    const at = progress.at;
    if (steps.discardFresh) {
        try {
            await rec.step("cleanup", () => steps.discardFresh!(at));
            return { outcome: "restored", reading: { known: true, live: undefined } };
        } catch {
            if (at === undefined)
                return { outcome: "also_failed", reading: { known: false, error: new Error("no ARN") } };
            return { outcome: "also_failed", reading: await readOnce(() => steps.readLive(at)) };
        }
    }
    if (at === undefined) return { outcome: "restored", reading: { known: true, live: undefined } };
    const after = await readOnce(() => steps.readLive(at));
    const nothingLive = after.known && after.live === undefined;
    if (nothingLive) return { outcome: "restored", reading: after };
    return { outcome: "also_failed", reading: after };
}
