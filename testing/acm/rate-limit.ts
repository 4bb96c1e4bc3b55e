import type { AcmOperation } from "./operations";

interface Bucket {
    perSecond: number;
    tokens: number;
    refilledAt: number;
}

/** A token bucket per operation: burst of `perSecond` calls, refilled continuously at `perSecond`. */
export class RateLimiter {
    private readonly buckets = new Map<AcmOperation, Bucket>();

    set(operation: AcmOperation, perSecond: number | undefined, nowMs: number): void {
        if (perSecond === undefined || perSecond <= 0) {
            this.buckets.delete(operation);
            return;
        }
        this.buckets.set(operation, { perSecond, tokens: Math.max(1, perSecond), refilledAt: nowMs });
    }

    /** True when the call may proceed; false means ThrottlingException. */
    tryTake(operation: AcmOperation, nowMs: number): boolean {
        const bucket = this.buckets.get(operation);
        if (bucket === undefined) return true;
        const capacity = Math.max(1, bucket.perSecond);
        bucket.tokens = Math.min(capacity, bucket.tokens + ((nowMs - bucket.refilledAt) / 1000) * bucket.perSecond);
        bucket.refilledAt = nowMs;
        if (bucket.tokens < 1) return false;
        bucket.tokens -= 1;
        return true;
    }
}
