/**
 * CSV as RFC 4180 defines it: CRLF line breaks; a field holding a comma, a
 * double quote, CR or LF is enclosed in double quotes, with inner quotes doubled.
 * www.rfc-editor.org/rfc/rfc4180#section-2
 */
const NEEDS_QUOTES = /[",\r\n]/;

export const csvField = (value: string): string => (NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
    return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}
