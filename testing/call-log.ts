/**
 * What reached an emulator, in arrival order, and how many calls each operation received.
 * One log for both emulators: each supplies its operation names, its record shape and its clock.
 * Records name operations, resources and outcomes — never certificate or key bytes.
 */
export type Unstamped<Entry extends { seq: number; at: unknown }> = Omit<Entry, "seq" | "at">;

export class CallLog<Operation extends string, Entry extends { seq: number; at: unknown }> {
    private records: Entry[] = [];
    private counts: Record<Operation, number>;
    private seq = 0;

    /** `stamp` gives each record its `at` (ACM keeps a Date, Key Vault epoch milliseconds). */
    constructor(
        private readonly operations: readonly Operation[],
        private readonly stamp: () => Entry["at"],
    ) {
        this.counts = this.zeroCounts();
    }

    /** Counts one call of `operation`; kept apart from `record` so an emulator can count on arrival, before faults. */
    count(operation: Operation): void {
        this.counts[operation] += 1;
    }

    /** Appends a copy of `entry` with the next sequence number and the clock's time. */
    record(entry: Unstamped<Entry>): void {
        this.seq += 1;
        this.records.push({ ...entry, seq: this.seq, at: this.stamp() } as Entry);
    }

    countsByOperation(): Record<Operation, number> {
        return { ...this.counts };
    }

    /** Shallow copies, oldest first: a caller cannot change the log by editing what it got. */
    entries(): Entry[] {
        return this.records.map((record) => ({ ...record }));
    }

    reset(): void {
        this.records = [];
        this.counts = this.zeroCounts();
    }

    private zeroCounts(): Record<Operation, number> {
        return Object.fromEntries(this.operations.map((operation) => [operation, 0])) as Record<Operation, number>;
    }
}
