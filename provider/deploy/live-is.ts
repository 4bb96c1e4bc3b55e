/**
 * Which certificate of a transaction a reading shows: the intended one, the one state recorded, the
 * baseline a create found at a pinned address, another, none, or unknown (the read failed).
 */
import { CertificateIdentity, whichIsLive } from "./identity";
import type { Progress, TargetSteps } from "./transaction";
import type { LiveReading } from "./verify";

/** Which certificate the last reading showed, relative to the transaction. */
export type LiveIs = "intended" | "recorded" | "baseline" | "other" | "none" | "unknown";

/**
 * `live` is `want` — and not another certificate of this transaction that
 * explains it better (see whichIsLive: a chain that only adds a root matches
 * the shorter chain too).
 */
export function isLive<At, Live extends CertificateIdentity>(
    steps: TargetSteps<At, Live>,
    baseline: CertificateIdentity | undefined,
    want: CertificateIdentity,
) {
    const candidates = [steps.intended, steps.recorded, baseline].filter(
        (c): c is CertificateIdentity => c !== undefined,
    );
    return (live: CertificateIdentity): boolean => whichIsLive(candidates, live) === want;
}

export function classify<At, Live extends CertificateIdentity>(
    steps: TargetSteps<At, Live>,
    progress: Progress<At, Live>,
    reading: LiveReading<Live>,
): LiveIs {
    if (!reading.known) return "unknown";
    if (!reading.live) return "none";
    const live = whichIsLive(
        [steps.intended, steps.recorded, progress.baseline].filter((c): c is CertificateIdentity => c !== undefined),
        reading.live,
    );
    if (live === undefined) return "other";
    if (live === steps.intended) return "intended";
    if (live === steps.recorded) return "recorded";
    return "baseline";
}
