/**
 * The PEM scanner (provider/material/pem.ts) on the edge cases users paste: line endings, BOMs,
 * concatenated files, legacy headers, damaged blocks and DER without armour. Table tests, in-process.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { countBeginMarkers, encodePem, PemError, readPemBlocks } from "../../provider/material/pem";
import { issue, type Issued } from "../../testing/pki";

const refusal = (pattern: RegExp) => (e: unknown) => PemError.isInstance(e) && pattern.test(e.message);

describe("PEM scanner", () => {
    let a: Issued;
    let b: Issued;
    before(async () => {
        [a, b] = await Promise.all([issue({ cn: "a.example.com" }), issue({ cn: "b.example.com" })]);
    });

    it("reads the same DER whatever the line ends, BOM, trailing spaces and surrounding blank lines", () => {
        const variants = [
            a.certPem,
            a.certPem.replace(/\n/g, "\r\n"),
            a.certPem.replace(/\n/g, "\r"),
            `\uFEFF${a.certPem}`,
            `\n\n  ${a.certPem.replace(/\n/g, "   \n")}  \n\n`,
        ];
        for (const text of variants) {
            const blocks = readPemBlocks(text, "CERTIFICATE");
            assert.equal(blocks.length, 1, JSON.stringify(text.slice(0, 20)));
            assert.equal(blocks[0].label, "CERTIFICATE");
            assert.ok(blocks[0].der.equals(a.der));
        }
    });

    it("splits blocks concatenated without a newline between END and BEGIN, in order", () => {
        const blocks = readPemBlocks(a.certPem + b.certPem, "CERTIFICATE");
        assert.equal(blocks.length, 2);
        assert.ok(blocks[0].der.equals(a.der), "first block is the first certificate");
        assert.ok(blocks[1].der.equals(b.der), "second block is the second certificate");
    });

    it("keeps the label of each block and the legacy encryption headers, continuation lines joined", () => {
        const body = encodePem(Buffer.from("key bytes, not a real key"), "RSA PRIVATE KEY").split("\n");
        const text = [
            body[0],
            "Proc-Type: 4,ENCRYPTED",
            "DEK-Info: AES-256-CBC,",
            " 00112233",
            "",
            ...body.slice(1),
        ].join("\n");
        const [block] = readPemBlocks(text, "PRIVATE KEY");
        assert.equal(block.label, "RSA PRIVATE KEY");
        assert.deepEqual(block.headers, [
            { key: "Proc-Type", value: "4,ENCRYPTED" },
            { key: "DEK-Info", value: "AES-256-CBC,00112233" },
        ]);
        assert.equal(block.der.toString(), "key bytes, not a real key");
    });

    it("encodePem writes 64-column lines that read back to the same bytes", () => {
        const der = Buffer.alloc(200, 7);
        const pem = encodePem(der, "CERTIFICATE");
        const lines = pem.split("\n");
        assert.equal(lines[0], "-----BEGIN CERTIFICATE-----");
        assert.equal(lines.at(-1), "-----END CERTIFICATE-----");
        assert.ok(lines.slice(1, -2).every((line) => line.length === 64));
        assert.ok(readPemBlocks(pem, "CERTIFICATE")[0].der.equals(der));
    });

    it("counts BEGIN markers anywhere in the text, only with a label and closing dashes", () => {
        assert.equal(countBeginMarkers(a.certPem + b.certPem), 2);
        assert.equal(countBeginMarkers(`text -----BEGIN CERTIFICATE----- inline`), 1);
        assert.equal(countBeginMarkers("-----BEGIN -----"), 0);
        assert.equal(countBeginMarkers("-----BEGIN certificate-----"), 0);
    });

    const refusals: { name: string; text: () => string; reason: RegExp }[] = [
        {
            name: "empty text",
            text: () => "  \n ",
            reason: /^is empty; paste the PEM text starting with -----BEGIN CERTIFICATE-----/,
        },
        {
            name: "prose",
            text: () => "hello",
            reason: /^is not PEM: expected text starting with -----BEGIN CERTIFICATE-----/,
        },
        {
            name: "base64 DER of a certificate without armour",
            text: () => a.der.toString("base64"),
            reason: /base64 DER certificate without PEM armour/,
        },
        {
            name: "base64 DER that is no certificate",
            text: () => Buffer.concat([Buffer.from([0x30, 0x40]), Buffer.alloc(64, 1)]).toString("base64"),
            reason: /base64 DER \(an ASN\.1 structure\)/,
        },
        {
            name: "base64 that is not DER",
            text: () => Buffer.alloc(64, 0x41).toString("base64"),
            reason: /is base64 text but not DER/,
        },
        {
            name: "binary DER pasted as text",
            text: () => a.der.toString("latin1"),
            reason: /looks like binary DER, not PEM/,
        },
        {
            name: "END line missing",
            text: () => a.certPem.split("-----END")[0],
            reason: /no complete PEM block \(is the -----END line missing\?\)/,
        },
        {
            name: "END label differs from BEGIN",
            text: () => a.certPem.replace("END CERTIFICATE", "END PRIVATE KEY"),
            reason: /no complete PEM block/,
        },
        {
            name: "body not padded base64",
            text: () => a.certPem.replace(/\n-----END/, "A\n-----END"),
            reason: /body is not valid base64 PEM/,
        },
        {
            name: "one of two blocks damaged",
            text: () => a.certPem + "\n" + b.certPem.split("-----END")[0],
            reason: /has 2 -----BEGIN lines but only 1 readable PEM blocks/,
        },
    ];
    for (const c of refusals) {
        it(`refuses ${c.name} with a PemError that says what it saw`, () => {
            assert.throws(() => readPemBlocks(c.text(), "CERTIFICATE"), refusal(c.reason));
        });
    }
});
