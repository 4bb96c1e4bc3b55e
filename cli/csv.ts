/**
 * CSV that is safe to open in a spreadsheet, for the report and the audit log.
 *
 * RFC 4180: CRLF after every record; a field holding a comma, a double quote,
 * CR or LF is enclosed in double quotes, with inner quotes doubled
 * (www.rfc-editor.org/rfc/rfc4180#section-2).
 *
 * OWASP's CSV injection rule: a text cell that begins with `=`, `+`, `-`, `@`,
 * a tab (0x09) or a carriage return (0x0D) is prefixed with a single quote, so
 * Excel, LibreOffice and Google Sheets read it as text, not as a formula
 * (owasp.org/www-community/attacks/CSV_Injection). Text is never trusted to be
 * a number: a number we computed (`-3` days to expiry) is passed as a number
 * and written as one.
 *
 *   csvCell("=HYPERLINK(\"http://x\")")  → "'=HYPERLINK(""http://x"")"   (quoted: it holds quotes)
 *   csvCell("-3")                        → "'-3"  (quoted)
 *   csvCell(-3)                          → -3
 */
const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

export type CellValue = string | number | boolean | undefined;

/** Neutralises a text cell that a spreadsheet would run as a formula. */
export function neutraliseFormula(text: string): string {
    if (FORMULA_TRIGGER.test(text)) return `'${text}`;
    return text;
}

export function csvCell(value: CellValue): string {
    if (value === undefined) return "";
    if (typeof value === "boolean") return String(value);
    if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
    const cell = neutraliseFormula(value);
    // A neutralised cell is quoted too, as OWASP's page shows it: some readers drop a bare leading quote.
    const quoted = NEEDS_QUOTES.test(cell) || cell !== value;
    if (quoted) return `"${cell.replace(/"/g, '""')}"`;
    return cell;
}

/** A whole spreadsheet-safe CSV document: header, rows, CRLF after every record. */
export function toSpreadsheetCsv(header: readonly string[], rows: readonly (readonly CellValue[])[]): string {
    return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
