/** Spreadsheet-safe CSV cells: OWASP's formula triggers neutralised and quoted, RFC 4180 quoting, numbers left as numbers. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { csvCell, toSpreadsheetCsv } from "../../cli/csv";

describe("csvCell", () => {
    const cases: [string, string | number | undefined, string][] = [
        ["plain text", "api", "api"],
        ["= starts a formula", "=1+1", '"\'=1+1"'],
        ["+ starts a formula", "+1", '"\'+1"'],
        ["- starts a formula", "-2+3", '"\'-2+3"'],
        ["@ starts a formula", "@SUM(A1)", '"\'@SUM(A1)"'],
        ["a leading tab", "\t=1", '"\'\t=1"'],
        ["a leading carriage return is neutralised and quoted", "\r=1", '"\'\r=1"'],
        [
            "a formula with quotes and a comma is neutralised, then quoted",
            '=HYPERLINK("http://x","y")',
            '"\'=HYPERLINK(""http://x"",""y"")"',
        ],
        ["a trigger later in the cell is left alone", "a=1", "a=1"],
        ["a line break is quoted", "a\nb", '"a\nb"'],
        ["a number is a number", -3, "-3"],
        ["a non-finite number is empty", Number.NaN, ""],
        ["undefined is empty", undefined, ""],
        ["the text of a negative number is text", "-3", '"\'-3"'],
    ];
    for (const [what, value, want] of cases) {
        it(what, () => assert.equal(csvCell(value), want));
    }

    it("builds a document with CRLF after every record", () => {
        assert.equal(toSpreadsheetCsv(["a", "b"], [["=x", 1]]), 'a,b\r\n"\'=x",1\r\n');
    });
});

describe("the report's CSV", () => {
    it("writes computed numbers and booleans as such, and neutralises text that could run", async () => {
        const { renderCsv } = await import("../../cli/report/render");
        const csv = renderCsv([
            {
                target: "acm",
                name: "=cmd",
                urn: "urn:x",
                daysToExpiry: -3,
                pendingDelete: true,
                stack: "dev",
                project: "p",
                servedAs: [],
            },
        ]);
        assert.equal(csv.split("\r\n")[1], 'acm,"\'=cmd",urn:x,,,,-3,,true');
    });
});
