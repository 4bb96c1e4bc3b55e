import { ACM_OPERATIONS, isAcmOperation, type AcmOperation } from "./operations";
import type { CallRecord, CallSummary } from "./types";

/** Every request in arrival order: operation, region, ARN, outcome. Never key material. */
export class CallLog {
    private records: CallRecord[] = [];
    private seq = 0;

    record(entry: Omit<CallRecord, "seq" | "at">): void {
        this.seq += 1;
        this.records.push({ ...entry, seq: this.seq, at: new Date() });
    }

    summary(): CallSummary {
        const counts = Object.fromEntries(ACM_OPERATIONS.map((operation) => [operation, 0])) as Record<AcmOperation, number>;
        for (const record of this.records) {
            if (isAcmOperation(record.operation)) counts[record.operation] += 1;
        }
        return { counts, log: this.records.map((record) => ({ ...record })) };
    }

    reset(): void {
        this.records = [];
    }
}
