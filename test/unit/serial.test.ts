/**
 * Serial parsing by notation (DESIGN.md §7): each source's form is read as
 * that source writes it, never guessed. `1000` from an X.509 certificate is
 * 0x1000; the same text from moto is decimal 1000 (0x3e8).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { colonHexSerial, parseSerial, sameSerial, SerialNotation } from "../../provider/material/serial";

const TABLE: { text: string; notation: SerialNotation; canonical: string; why: string }[] = [
    {
        text: "1000",
        notation: "hex",
        canonical: "1000",
        why: "hex with digits only (OpenSSL CA guide's `echo 1000 > serial`)",
    },
    { text: "1000", notation: "decimal", canonical: "3e8", why: "moto's decimal string" },
    { text: "4096", notation: "decimal", canonical: "1000", why: "0x1000 as moto writes it" },
    { text: "10:00", notation: "colonHex", canonical: "1000", why: "ACM's colon hex" },
    { text: "0000001000", notation: "hex", canonical: "1000", why: "leading zeros dropped" },
    { text: "00:00:10:00", notation: "colonHex", canonical: "1000", why: "leading zero bytes dropped" },
    { text: "01", notation: "colonHex", canonical: "1", why: "a one-byte ACM serial has no colon" },
    { text: "01", notation: "hex", canonical: "1", why: "`-set_serial 01`" },
    { text: "0", notation: "hex", canonical: "0", why: "zero stays zero" },
    { text: "00", notation: "colonHex", canonical: "0", why: "zero byte" },
    { text: "ABCDEF", notation: "hex", canonical: "abcdef", why: "Node's uppercase hex" },
    { text: "0x1F", notation: "hex", canonical: "1f", why: "0x prefix" },
    { text: "1:2:a", notation: "colonHex", canonical: "1020a", why: "single-digit bytes padded" },
    {
        text: "18446744073709551615",
        notation: "decimal",
        canonical: "ffffffffffffffff",
        why: "beyond 2^53: BigInt, not Number",
    },
    { text: " 10:00 ", notation: "colonHex", canonical: "1000", why: "surrounding whitespace" },
];

describe("serial notation", () => {
    for (const row of TABLE) {
        it(`${row.notation} "${row.text}" → ${row.canonical} (${row.why})`, () => {
            assert.equal(parseSerial(row.text, row.notation), row.canonical);
        });
    }

    const REFUSED: { text: string; notation: SerialNotation }[] = [
        { text: "10:00", notation: "hex" },
        { text: "1000", notation: "colonHex" },
        { text: "1f", notation: "decimal" },
        { text: "10::00", notation: "colonHex" },
        { text: "", notation: "hex" },
        { text: "g1", notation: "hex" },
    ];
    for (const row of REFUSED) {
        it(`refuses ${row.notation} "${row.text}" instead of guessing`, () => {
            assert.throws(() => parseSerial(row.text, row.notation), /is not .* notation/);
        });
    }

    it("compares across notations by value", () => {
        assert.ok(sameSerial("1000", "hex", "10:00", "colonHex"));
        assert.ok(sameSerial("1000", "hex", "4096", "decimal"));
        assert.ok(!sameSerial("1000", "hex", "1000", "decimal"), "the same text in two notations is two numbers");
    });

    it("writes ACM's colon form", () => {
        assert.equal(colonHexSerial("1000"), "10:00");
        assert.equal(colonHexSerial("4096", "decimal"), "10:00");
        assert.equal(colonHexSerial("abc"), "0a:bc");
    });

    it("about 1 in 1,850 random 8-byte serials has digits only in hex, and each still parses as hex", () => {
        // 8 bytes = 16 hex digits; P(all digits) = (10/16)^16 ≈ 1/1,850.
        assert.ok(Math.abs(1 / (10 / 16) ** 16 - 1850) < 10);
        assert.equal(parseSerial("1234567890123456", "hex"), "1234567890123456");
    });
});
