/**
 * The CLI under hostile or careless input (issue 12, item 6): our own hints
 * are never mangled by redaction and `--json` stays valid JSON; a file of any
 * type is read only up to a cap (`/dev/zero` stops at once with exit 2); CSV
 * cells cannot start a spreadsheet formula; a private key pasted into a tag
 * is refused and never echoed.
 */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { hierarchy, type Hierarchy } from "../../testing/pki";
import { assertNoKeyMaterial, TempFiles } from "./material-files";
import { jsonOf, runCli } from "./run-cli";

interface ValidateJson {
    valid: boolean;
    failures: { property: string; reason: string }[];
    skipped: string[];
}

const HINT = "expected text starting with -----BEGIN CERTIFICATE-----";
const keyLine = (pem: string): string => pem.split("\n")[2];

describe("certdeploy CLI on hostile input", () => {
    const files = new TempFiles();
    let h: Hierarchy;

    before(async () => {
        h = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
        files.write("leaf.crt", h.leaf.certPem);
        files.write("leaf.key", h.leaf.keyPem);
        files.write("notes.txt", "these are my notes, not a certificate\nsecond line\n");
    });
    after(() => files.cleanup());

    it("validate --json on a non-PEM file prints valid JSON with our hint whole", async () => {
        const run = await runCli([
            "validate",
            "--target",
            "acm",
            "--cert",
            files.path("notes.txt"),
            "--key",
            files.path("leaf.key"),
            "--json",
        ]);
        assert.equal(run.code, 1, run.stderr);
        const result = jsonOf<ValidateJson>(run);
        assert.equal(result.valid, false);
        const reason = result.failures.find((f) => f.property === "certificatePem")?.reason ?? "";
        assert.ok(reason.endsWith(HINT), `the hint is cut: ${reason}`);
        assert.deepEqual(result.skipped, ["region"], "what follows the hint is still there");
        assertNoKeyMaterial(run.stdout + run.stderr, [h.leaf.keyPem]);
    });

    it("validate prints every line after our hint (text), and names the labels it found in a --key that holds only a certificate", async () => {
        const run = await runCli([
            "validate",
            "--target",
            "acm",
            "--cert",
            files.path("notes.txt"),
            "--key",
            files.path("leaf.crt"),
        ]);
        assert.equal(run.code, 1);
        assert.match(run.stdout, new RegExp(`✘ certificatePem is not PEM: ${HINT}\\n`));
        assert.match(
            run.stdout,
            /✘ privateKeyPem holds -----BEGIN CERTIFICATE----- but no private key; expected one PEM block labelled PRIVATE KEY/,
        );
        assert.match(run.stdout, /not checked \(not given\): region\n$/);
    });

    it("reads /dev/zero (and an endless stdin) only up to the cap: exit 2 at once, naming the option", async () => {
        const started = Date.now();
        const run = await runCli(
            ["validate", "--target", "acm", "--cert", "/dev/zero", "--key", files.path("leaf.key")],
            { timeoutMs: 30_000 },
        );
        assert.equal(run.code, 2, `exit ${run.code}: ${run.stderr}`);
        assert.match(run.stderr, /cannot read --cert \/dev\/zero: larger than 1048576 bytes/);
        assert.ok(Date.now() - started < 20_000, "stopped at the cap, not after reading gigabytes");
        const piped = await runCli(
            ["validate", "--target", "acm", "--cert", files.path("leaf.crt"), "--key", "-", "--json"],
            { stdin: "A".repeat(1024 * 1024 + 10) },
        );
        assert.equal(piped.code, 2);
        assert.match(
            jsonOf<{ error: { message: string } }>(piped).error.message,
            /cannot read --key -: larger than 1048576 bytes/,
        );
    });

    it("report --csv neutralises cells that would start a formula (OWASP), and keeps numbers as numbers", async () => {
        const type = "pulumi-nodejs:dynamic/certdeploy:AcmCertificate";
        const names = [
            '=HYPERLINK("http://evil.example","x")',
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1:A9)",
            "\tTAB",
            "plain-name",
        ];
        const resources = names.map((name, i) => ({
            urn: `urn:pulumi:prod::shop::${type}::${name}`,
            custom: true,
            id: `arn:aws:acm:us-east-1:123456789012:certificate/0000000${i}`,
            type,
            outputs: {
                serial: "0a:1b",
                notAfter: new Date(Date.now() - 3 * 86_400_000).toISOString(),
                lastDeployment: { result: "succeeded" },
            },
        }));
        const file = files.write("hostile-export.json", JSON.stringify({ version: 3, deployment: { resources } }));
        const run = await runCli(["report", file, "--csv"]);
        assert.equal(run.code, 0, run.stderr);
        const rows = run.stdout.split("\r\n").slice(1, -1);
        assert.equal(rows.length, names.length);
        const cells = rows.map((r) => r.split(","));
        for (const row of rows) {
            // Every field of every row: no cell (quoted or not) starts with a formula character.
            for (const field of row.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []) {
                const cell = field.replace(/,$/, "").replace(/^"/, "");
                if (!/^-?[0-9]+$/.test(cell)) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `live formula in ${row}`);
            }
        }
        assert.ok(
            rows.some((r) => r.startsWith(`acm,"'=HYPERLINK(""http://evil.example"",""x"")",`)),
            rows.join("\n"),
        );
        assert.ok(rows.some((r) => r.startsWith(`acm,"'-2+3",`)));
        assert.ok(rows.some((r) => r.startsWith(`acm,"'@SUM(A1:A9)",`)));
        assert.ok(rows.some((r) => r.startsWith("acm,plain-name,")));
        assert.ok(
            cells.every((c) => c.includes("-3") || c.includes("-4")),
            "days to expiry stays a plain (negative) number",
        );
    });

    it("validate --tag refuses a private key pasted into a tag value and never echoes it", async () => {
        const run = await runCli([
            "validate",
            "--target",
            "acm",
            "--cert",
            files.path("leaf.crt"),
            "--key",
            files.path("leaf.key"),
            "--tag",
            `note=${keyLine(h.leaf.keyPem)}`,
            "--json",
        ]);
        assert.equal(run.code, 1, run.stderr);
        const result = jsonOf<ValidateJson>(run);
        assert.ok(
            result.failures.some(
                (f) => f.property === "tags" && /value of "note" looks like key material/.test(f.reason),
            ),
            JSON.stringify(result.failures),
        );
        assertNoKeyMaterial(run.stdout + run.stderr, [h.leaf.keyPem]);
        const fine = await runCli([
            "validate",
            "--target",
            "acm",
            "--cert",
            files.path("leaf.crt"),
            "--key",
            files.path("leaf.key"),
            "--tag",
            "env=production",
        ]);
        assert.doesNotMatch(fine.stdout, /✘ tags/);
    });
});
