/**
 * Verification policy: re-read the live certificate until it is the one we meant,
 * with backoff, because a read right after a write can be stale. Rollback
 * judges its restore with the same patience: one stale read is not proof.
 */
import type { CertificateIdentity } from "./identity";

export interface VerifyPolicy {
    attempts: number;
    firstDelayMs: number;
}

const DEFAULT_POLICY: VerifyPolicy = { attempts: 4, firstDelayMs: 250 };

/** CERTDEPLOY_VERIFY_ATTEMPTS (at least 1) and CERTDEPLOY_VERIFY_DELAY_MS (at least 0); a value out of range keeps the default. */
export function verifyPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): VerifyPolicy {
    const attempts = Number(env.CERTDEPLOY_VERIFY_ATTEMPTS ?? DEFAULT_POLICY.attempts);
    const firstDelayMs = Number(env.CERTDEPLOY_VERIFY_DELAY_MS ?? DEFAULT_POLICY.firstDelayMs);
    const attemptsValid = Number.isFinite(attempts) && attempts >= 1;
    const delayValid = Number.isFinite(firstDelayMs) && firstDelayMs >= 0;
    return {
        attempts: attemptsValid ? attempts : DEFAULT_POLICY.attempts,
        firstDelayMs: delayValid ? firstDelayMs : DEFAULT_POLICY.firstDelayMs,
    };
}

/**
 * What one read of the live certificate showed. `known: false` when the read
 * itself failed: then nothing is known, not even that nothing is live.
 */
export type LiveReading<L extends CertificateIdentity = CertificateIdentity> =
    { known: true; live: L | undefined } | { known: false; error: unknown };

export const UNKNOWN: LiveReading<never> = { known: false, error: new Error("not read") };

/** One read, its failure kept as "unknown" rather than thrown. */
export async function readOnce<L extends CertificateIdentity>(
    read: () => Promise<L | undefined>,
): Promise<LiveReading<L>> {
    try {
        return { known: true, live: await read() };
    } catch (error) {
        return { known: false, error };
    }
}

/**
 * Reads the live identity until `matches` holds or attempts run out.
 * Returns what the *last* read showed: a read that threw leaves the outcome
 * unknown, never an identity an earlier attempt saw.
 */
export async function verifyLive<L extends CertificateIdentity>(
    read: () => Promise<L | undefined>,
    matches: (live: CertificateIdentity) => boolean,
    policy: VerifyPolicy,
): Promise<{ ok: boolean; reading: LiveReading<L> }> {
    let reading: LiveReading<L> = UNKNOWN;
    for (let attempt = 0; attempt < policy.attempts; attempt++) {
        if (attempt > 0) await delay(policy.firstDelayMs * 2 ** (attempt - 1));
        reading = await readOnce(read);
        if (reading.known && reading.live && matches(reading.live)) return { ok: true, reading };
    }
    return { ok: false, reading };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
