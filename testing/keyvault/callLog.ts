/**
 * What reached the emulator, in order. Records names, versions, statuses,
 * callers and the *shape* of import bodies — never certificate or key bytes.
 */
import { KEY_VAULT_OPERATIONS, type FaultKind, type KeyVaultOperation } from "./faults";
import type { ImportWireShape } from "./vaultState";

export interface CallRecord {
    seq: number;
    at: number;
    /** undefined for requests that matched no operation. */
    operation?: KeyVaultOperation;
    method: string;
    /** Path without the query string. */
    path: string;
    host: string;
    apiVersion?: string;
    name?: string;
    version?: string;
    /** HTTP status sent; 0 when the connection was reset by an injected fault. */
    status: number;
    errorCode?: string;
    innerErrorCode?: string;
    fault?: FaultKind;
    caller?: { oid: string; appid: string; tid: string };
    /** True for the unauthenticated request answered with the 401 bearer challenge. */
    challenged: boolean;
    wire?: ImportWireShape;
}

export interface CallsSnapshot {
    /** Authenticated calls per operation (challenged requests are not counted). */
    counts: Record<KeyVaultOperation, number>;
    challenges: number;
    log: CallRecord[];
}

function zeroCounts(): Record<KeyVaultOperation, number> {
    return Object.fromEntries(KEY_VAULT_OPERATIONS.map((op) => [op, 0])) as Record<KeyVaultOperation, number>;
}

export class CallLog {
    private records: CallRecord[] = [];
    private counts = zeroCounts();
    private seq = 0;

    /** Count an authenticated call when it arrives (before faults), so `afterCalls` and counts agree. */
    count(operation: KeyVaultOperation): void {
        this.counts[operation] += 1;
    }

    add(record: Omit<CallRecord, "seq" | "at">): void {
        this.seq += 1;
        this.records.push({ ...record, seq: this.seq, at: Date.now() });
    }

    snapshot(): CallsSnapshot {
        return {
            counts: { ...this.counts },
            challenges: this.records.filter((r) => r.challenged).length,
            log: this.records.map((r) => ({ ...r, ...(r.wire ? { wire: { ...r.wire } } : {}) })),
        };
    }

    reset(): void {
        this.records = [];
        this.counts = zeroCounts();
    }
}
