/**
 * Errors the provider throws. Messages name the resource, what failed and what
 * to do next; they never carry input values. `redact` scrubs every secret in
 * play and anything that looks like key material from text that came from
 * elsewhere (SDK errors, echoing endpoints).
 */
import { redact } from "../redaction/redact";

export class CertdeployError extends Error {
    readonly certdeployError = true;
    /** Set when something exists in the cloud: the host turns it into ErrorResourceInitFailed (partial state). */
    id?: string;
    properties?: Record<string, unknown>;
    reasons?: string[];

    constructor(message: string, partial?: { id: string; properties: Record<string, unknown> }) {
        super(redact(message));
        this.name = "CertdeployError";
        if (partial) {
            this.id = partial.id;
            this.properties = partial.properties;
            this.reasons = [this.message];
        }
    }

    static isInstance(e: unknown): e is CertdeployError {
        return typeof e === "object" && e !== null && (e as { certdeployError?: unknown }).certdeployError === true;
    }
}

/** Removes every secret in play, in any encoding, and anything shaped like key material (redaction/redact.ts). */
export { redact };

/** The message of anything thrown, redacted. */
export function describeError(e: unknown): string {
    if (e instanceof Error) return redact(`${e.name && e.name !== "Error" ? `${e.name}: ` : ""}${e.message}`);
    return redact(String(e));
}

/**
 * Partial state from a failed create/update must carry `__provider` like any
 * state the host writes, or the next delete/read cannot load the provider.
 */
export async function keepingProviderOnFailure<T>(news: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
    try {
        return await run();
    } catch (e) {
        if (CertdeployError.isInstance(e) && e.properties)
            e.properties = { ...e.properties, __provider: news.__provider };
        throw e;
    }
}
