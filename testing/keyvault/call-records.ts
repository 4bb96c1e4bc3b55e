/**
 * What the Key Vault emulator logs per request: names, versions, statuses,
 * callers and the *shape* of import bodies — never certificate or key bytes.
 * The log itself is the shared one in ../call-log.ts.
 */
import { CallLog } from "../call-log";
import { KEY_VAULT_OPERATIONS, type FaultKind, type KeyVaultOperation } from "./faults";
import type { ImportWireShape } from "./vault-state";

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

export type KeyVaultCallLog = CallLog<KeyVaultOperation, CallRecord>;

export const createKeyVaultCallLog = (): KeyVaultCallLog =>
    new CallLog<KeyVaultOperation, CallRecord>(KEY_VAULT_OPERATIONS, Date.now);

/** Authenticated calls per operation (counted on arrival) and every record, import shapes copied. */
export function callsSnapshot(log: KeyVaultCallLog): CallsSnapshot {
    const records = log.entries();
    return {
        counts: log.countsByOperation(),
        challenges: records.filter((r) => r.challenged).length,
        log: records.map((r) => ({ ...r, ...(r.wire ? { wire: { ...r.wire } } : {}) })),
    };
}
