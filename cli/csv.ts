/**
 * CSV as RFC 4180 defines it: CRLF line breaks; a field holding a comma, a
 * double quote, CR or LF is enclosed in double quotes, with inner quotes doubled.
 * www.rfc-editor.org/rfc/rfc4180#section-2
 *
 * Cells are neutralised against CSV (formula) injection as OWASP advises: a
 * cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * leading single quote, and is then quoted, so a spreadsheet shows it as text
 * instead of running it (owasp.org/www-community/attacks/CSV_Injection).
 * Plain numbers (`-3` days to expiry) are left as numbers: they cannot hold a formula.
 */
const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

/** The cell as a spreadsheet must receive it: text that cannot start a formula. */
export function neutralised(value: string): string {
    return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

export function csvField(value: string): string {
    const cell = neutralised(value);
    return NEEDS_QUOTES.test(cell) || cell !== value ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
    return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}
