/**
 * Verification policy: re-read the live certificate until it is the one we meant,
 * with backoff, because a read right after a write can be stale.
 */
export interface VerifyPolicy {
    attempts: number;
    firstDelayMs: number;
}

export function verifyPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): VerifyPolicy {
    const attempts = Number(env.CERTDEPLOY_VERIFY_ATTEMPTS ?? 4);
    const firstDelayMs = Number(env.CERTDEPLOY_VERIFY_DELAY_MS ?? 250);
    return { attempts: Number.isFinite(attempts) && attempts >= 1 ? attempts : 4, firstDelayMs: Number.isFinite(firstDelayMs) && firstDelayMs >= 0 ? firstDelayMs : 250 };
}

export interface LiveIdentity {
    serial: string;
    /** Key Vault: x5t thumbprint, uppercase hex; ACM: undefined. */
    thumbprint?: string;
    /** Key Vault: the version that is latest. */
    version?: string;
}

/**
 * Reads the live identity until `matches` holds or attempts run out.
 * Returns the last identity read; read errors count as a failed attempt.
 */
export async function verifyLive(
    read: () => Promise<LiveIdentity | undefined>,
    matches: (live: LiveIdentity) => boolean,
    policy: VerifyPolicy,
): Promise<{ ok: boolean; live?: LiveIdentity; error?: unknown }> {
    let last: LiveIdentity | undefined;
    let lastError: unknown;
    for (let attempt = 0; attempt < policy.attempts; attempt++) {
        if (attempt > 0) await delay(policy.firstDelayMs * 2 ** (attempt - 1));
        try {
            last = await read();
            lastError = undefined;
            if (last && matches(last)) return { ok: true, live: last };
        } catch (e) {
            lastError = e;
        }
    }
    return { ok: false, live: last, error: lastError };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
