/**
 * CSV cells that are safe to open in a spreadsheet. OWASP's CSV injection rule:
 * a cell that begins with `=`, `+`, `-`, `@`, a tab (0x09) or a carriage
 * return (0x0D) is prefixed with a single quote, so Excel, LibreOffice and
 * Google Sheets read it as text, not as a formula; then the cell is quoted as
 * RFC 4180 says (commas, quotes, line breaks).
 * owasp.org/www-community/attacks/CSV_Injection
 *
 *   csvCell("=HYPERLINK(\"http://x\")")  → "'=HYPERLINK(""http://x"")"   (quoted: it holds quotes)
 *   csvCell("-3")                        → '-3
 *   csvCell(-3)                          → -3     (a number we computed is a number, not a formula)
 */
import { csvField } from "./csv";

const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

export type CellValue = string | number | undefined;

/** Neutralises a text cell that a spreadsheet would run as a formula. */
export const neutraliseFormula = (text: string): string => (FORMULA_TRIGGER.test(text) ? `'${text}` : text);

export function csvCell(value: CellValue): string {
    if (value === undefined) return "";
    if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
    return csvField(neutraliseFormula(value));
}

/** A whole spreadsheet-safe CSV document: header, rows, CRLF after every record. */
export function toSpreadsheetCsv(header: readonly string[], rows: readonly (readonly CellValue[])[]): string {
    return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
