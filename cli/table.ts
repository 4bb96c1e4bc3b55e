/** A plain aligned text table: a header row, then one row per item; columns separated by two spaces. */
export interface Column {
    header: string;
    align?: "left" | "right";
}

export function alignedTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
    const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (cells: readonly string[]): string =>
        columns
            .map((c, i) =>
                c.align === "right" ? (cells[i] ?? "").padStart(widths[i]) : (cells[i] ?? "").padEnd(widths[i]),
            )
            .join("  ")
            .trimEnd();
    return [line(columns.map((c) => c.header)), ...rows.map(line)].join("\n");
}
