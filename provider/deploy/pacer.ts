/**
 * Paces calls per key (account and region) so that bursts of imports are spread
 * out instead of retried in storms. One pacer per provider process.
 */
export class Pacer {
    private readonly next = new Map<string, number>();

    constructor(private readonly perSecond: number) {}

    /** Waits until this key's next slot, then takes it. */
    async take(key: string): Promise<void> {
        if (!(this.perSecond > 0) || !Number.isFinite(this.perSecond)) return;
        const interval = 1000 / this.perSecond;
        const now = Date.now();
        const slot = Math.max(now, this.next.get(key) ?? 0);
        this.next.set(key, slot + interval);
        if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
    }
}
