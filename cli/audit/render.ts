/** The audit formats: aligned table (people) and spreadsheet-safe CSV (auditors). */
import { toSpreadsheetCsv } from "../csv";
import { alignedTable, type Column } from "../table";
import type { AuditAttempt } from "./audit-log";

export const AUDIT_CSV_HEADER = [
    "time",
    "stack",
    "project",
    "resource",
    "certificateId",
    "target",
    "targetId",
    "result",
    "rollback",
    "previousSerial",
    "serial",
    "apiCalls",
    "message",
] as const;

export function renderAuditCsv(attempts: readonly AuditAttempt[]): string {
    return toSpreadsheetCsv(
        AUDIT_CSV_HEADER,
        attempts.map((a) => [
            a.time,
            a.stack,
            a.project,
            a.name,
            a.certificateId,
            a.target,
            a.targetId,
            a.result,
            a.rollback,
            a.previousSerial,
            a.serial,
            a.apiCalls,
            a.message,
        ]),
    );
}

export function renderAuditTable(attempts: readonly AuditAttempt[]): string {
    const columns: Column[] = [
        { header: "TIME" },
        { header: "CERTIFICATE" },
        { header: "TARGET" },
        { header: "RESULT" },
        { header: "ROLLBACK" },
        { header: "SERIAL (PREVIOUS → NOW)" },
        { header: "API CALLS", align: "right" },
    ];
    const dash = (v: string | number | undefined): string => (v === undefined || v === "" ? "-" : String(v));
    return alignedTable(
        columns,
        attempts.map((a) => [
            a.time,
            a.certificateId,
            a.target,
            a.result,
            dash(a.rollback),
            `${dash(a.previousSerial)} → ${dash(a.serial)}`,
            dash(a.apiCalls),
        ]),
    );
}
