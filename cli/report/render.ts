/** The three report formats: aligned table (people), CSV (auditors' spreadsheets), JSON (scripts). */
import { toSpreadsheetCsv } from "../csv";
import { alignedTable, type Column } from "../table";
import type { CertificateRow } from "./stack-export";

const nameText = (r: CertificateRow): string => (r.pendingDelete ? `${r.name} (pending delete)` : r.name);

export function renderTable(rows: readonly CertificateRow[]): string {
    const columns: Column[] = [
        { header: "TARGET" },
        { header: "NAME" },
        { header: "ARN / ID" },
        { header: "SERIAL" },
        { header: "NOT AFTER" },
        { header: "DAYS", align: "right" },
        { header: "LAST DEPLOYMENT" },
    ];
    const dash = (v: string | number | undefined): string => (v === undefined ? "-" : String(v));
    return alignedTable(
        columns,
        rows.map((r) => [
            r.target,
            nameText(r),
            dash(r.id),
            dash(r.serial),
            dash(r.notAfter),
            dash(r.daysToExpiry),
            dash(r.lastDeployment),
        ]),
    );
}

export const CSV_HEADER = [
    "target",
    "name",
    "urn",
    "id",
    "serial",
    "notAfter",
    "daysToExpiry",
    "lastDeploymentResult",
    "pendingDelete",
] as const;

export function renderCsv(rows: readonly CertificateRow[]): string {
    return toSpreadsheetCsv(
        CSV_HEADER,
        rows.map((r) => [
            r.target,
            r.name,
            r.urn,
            r.id,
            r.serial,
            r.notAfter,
            r.daysToExpiry,
            r.lastDeployment,
            r.pendingDelete,
        ]),
    );
}

/** JSON rows: every field present, null when unknown. */
export function jsonRows(rows: readonly CertificateRow[]): Record<string, string | number | boolean | null>[] {
    return rows.map((r) => ({
        target: r.target,
        name: r.name,
        urn: r.urn,
        id: r.id ?? null,
        serial: r.serial ?? null,
        notAfter: r.notAfter ?? null,
        daysToExpiry: r.daysToExpiry ?? null,
        lastDeployment: r.lastDeployment ?? null,
        pendingDelete: r.pendingDelete,
    }));
}
