/** What an engine operation reports, step by step, for tests to assert on. */
import type { CheckFailure, DiffResult } from "./host";

export type Operation = "preview" | "up" | "refresh" | "destroy";
export type StepOp = "same" | "create" | "update" | "replace" | "delete" | "refresh";

export interface Step {
    op: StepOp;
    urn: string;
    type: string;
    /** "planned" in preview; "succeeded" or "failed" once executed. */
    status: "planned" | "succeeded" | "failed";
    /** The diff as the engine used it (DIFF_UNKNOWN already resolved). */
    diff?: DiffResult;
    replaceMode?: "create-before-delete" | "delete-before-replace";
    /** A delete that removes the old half of a replacement. */
    replaced?: boolean;
    refresh?: "unchanged" | "changed" | "deleted";
    checkFailures?: CheckFailure[];
    error?: string;
    /** gRPC status code of a failed provider call (2 provider error, 14 host unavailable, 4 deadline). */
    errorCode?: number;
    initErrors?: string[];
}

export interface OperationResult {
    operation: Operation;
    ok: boolean;
    steps: Step[];
    /** `<urn>: <message>` per failure (`configure: …` if the host could not be configured). */
    errors: string[];
    /** Registrations the engine cannot drive: components and non-dynamic custom resources. */
    ignored: string[];
    /** Steps that did not fail, per op. */
    counts: Record<StepOp, number>;
    /** The most provider steps (create/update/delete/read) that ran at once. */
    peakConcurrency: number;
    durationMs: number;
}

export function newResult(operation: Operation, ignored: string[]): OperationResult {
    return {
        operation,
        ok: false,
        steps: [],
        errors: [],
        ignored,
        counts: { same: 0, create: 0, update: 0, replace: 0, delete: 0, refresh: 0 },
        peakConcurrency: 0,
        durationMs: 0,
    };
}

export function replaceMode(deleteBeforeReplace: boolean): Step["replaceMode"] {
    return deleteBeforeReplace ? "delete-before-replace" : "create-before-delete";
}
