/** Runs at most `limit` tasks at once, in arrival order (the step executor's worker pool). */
export class Limiter {
    private running = 0;
    private readonly waiting: (() => void)[] = [];
    private peakRunning = 0;

    constructor(readonly limit: number) {
        if (!Number.isInteger(limit) || limit < 1)
            throw new Error(`parallelism must be a positive integer, got ${limit}`);
    }

    /** The most tasks that ever ran at once. */
    get peak(): number {
        return this.peakRunning;
    }

    async run<T>(task: () => Promise<T>): Promise<T> {
        // A finishing task hands its slot straight to the next waiter, so none can jump the queue.
        if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
        else this.running += 1;
        this.peakRunning = Math.max(this.peakRunning, this.running);
        try {
            return await task();
        } finally {
            const next = this.waiting.shift();
            if (next) next();
            else this.running -= 1;
        }
    }
}

/** Runs tasks one at a time, in arrival order (the step generator: Check and Diff are sequential). */
export class Serial {
    private tail: Promise<unknown> = Promise.resolve();

    run<T>(task: () => Promise<T>): Promise<T> {
        const next = this.tail.then(task, task);
        this.tail = next.catch(() => undefined);
        return next;
    }
}
