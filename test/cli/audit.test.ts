/**
 * `certdeploy audit`: the audit log the provider wrote during real deployments
 * (harness engine, ACM emulator) as spreadsheet-safe CSV, one row per attempt;
 * hostile field values neutralised; damaged lines reported by number.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { AUDIT_CSV_HEADER } from "../../cli/audit/render";
import { createTestHierarchy, startAcmEmulator, type AcmEmulator, type Hierarchy } from "../../testing";
import { TestStack } from "../e2e/stack";
import { acmCertificate, declare, certificateInputs } from "../programs/spec";
import { assertNoKeyMaterial, TempFiles } from "./material-files";
import { jsonOf, runCli } from "./run-cli";

const readCsv = (text: string): Record<string, string>[] =>
    parse<Record<string, string>>(text, { columns: true, record_delimiter: "\r\n" });

describe("certdeploy audit --csv over a real audit log", () => {
    let acm: AcmEmulator;
    let stack: TestStack;
    const keys: string[] = [];
    let rows: Record<string, string>[];
    let csv: string;
    let history: string[];
    let arn: string;

    before(async () => {
        acm = await startAcmEmulator();
        stack = new TestStack({}, "shop", "prod");
        const certs = await Promise.all(
            [1, 2, 3, 4].map(() => createTestHierarchy("api.example.com", { kind: "rsa", bits: 2048 })),
        );
        keys.push(...certs.map((h) => h.leaf.keyPem));
        const program = (h: Hierarchy) =>
            declare([
                acmCertificate("api", {
                    region: "us-east-1",
                    ...certificateInputs(h),
                    endpoint: acm.endpoint,
                }),
            ]);
        const [v1, v2, v3, v4] = certs;
        assert.equal((await stack.up(program(v1))).ok, true);
        assert.equal((await stack.up(program(v2))).ok, true);
        acm.injectFault({ operation: "AddTagsToCertificate", kind: "accessDenied" });
        assert.equal((await stack.up(program(v3))).ok, false, "rolled back");
        arn = String(stack.outputs("api").arn);
        acm.putOutOfBand(arn, v1.leaf.certPem, v1.leaf.keyPem, v1.chainPem);
        assert.equal((await stack.up(program(v4))).ok, false, "drift: aborted before any import");
        history = acm.certificates().get(arn)?.serialHistory ?? [];
        const run = await runCli(["audit", "--csv"], {
            env: { ...process.env, CERTDEPLOY_AUDIT_LOG: stack.auditFile },
        });
        assert.equal(run.code, 0, run.stderr);
        csv = run.stdout;
        rows = readCsv(csv);
    });

    after(async () => {
        stack?.cleanup();
        await acm?.close();
    });

    it("has one row per attempt, oldest first, with the documented columns", () => {
        assert.ok(csv.startsWith(`${AUDIT_CSV_HEADER.join(",")}\r\n`), csv);
        assert.deepEqual(
            rows.map((r) => [
                r.stack,
                r.project,
                r.resource,
                r.certificateId,
                r.target,
                r.targetId,
                r.result,
                r.rollback,
            ]),
            [
                ["prod", "shop", "api", "shop/prod/api", "AWSACM", "", "succeeded", ""],
                ["prod", "shop", "api", "shop/prod/api", "AWSACM", arn, "succeeded", ""],
                ["prod", "shop", "api", "shop/prod/api", "AWSACM", arn, "rolled_back", "restored"],
                ["prod", "shop", "api", "shop/prod/api", "AWSACM", arn, "aborted", ""],
            ],
        );
        const times = rows.map((r) => Date.parse(r.time));
        assert.ok(
            times.every((t, i) => Number.isFinite(t) && (i === 0 || t >= times[i - 1])),
            "ISO times, in order",
        );
    });

    it("carries the serials ACM had live, and the API calls each attempt made", () => {
        // ACM's serial history under the ARN: v1, v2, v3 (landed, then rolled back), v2 (restored), v1 (put by hand).
        const [s1, s2, s3, restored] = history;
        assert.equal(restored, s2);
        assert.notEqual(s3, s2);
        assert.deepEqual(
            rows.map((r) => [r.previousSerial, r.serial]),
            [
                ["", s1],
                [s1, s2],
                [s2, s2],
                [s2, rows[3].serial],
            ],
        );
        for (const r of rows) assert.match(r.apiCalls, /^[1-9]\d*$/, `apiCalls of ${r.result}`);
        assert.ok(
            Number(rows[2].apiCalls) > Number(rows[1].apiCalls),
            "the rolled-back attempt made more calls (restore + verify)",
        );
        assert.match(rows[2].message, /acm:AddTagsToCertificate/);
        assert.match(rows[3].message, /^'?\S/, "the drift message is kept");
    });

    it("prints no key material", () => {
        assertNoKeyMaterial(csv, keys);
    });
});

describe("certdeploy audit with hostile or damaged lines", () => {
    const files = new TempFiles();
    after(() => files.cleanup());
    const line = (fields: Record<string, unknown>): string =>
        JSON.stringify({
            time: "2026-01-02T03:04:05.000Z",
            target: "AWSACM",
            result: "succeeded",
            previousSerial: "",
            serial: "01",
            apiCalls: 3,
            ...fields,
        });

    it("neutralises every cell a spreadsheet would run as a formula, and quotes as RFC 4180", async () => {
        const log = files.write(
            "hostile.jsonl",
            [
                line({
                    resource: 'AcmCertificate "=HYPERLINK(""http://x"")" (arn:aws:acm:us-east-1:1:certificate/a)',
                    message: '+cmd|" /C calc"!A0',
                }),
                line({
                    resource: 'AcmCertificate "@SUM(1)/prod/x"',
                    previousSerial: "-1",
                    serial: "\t=1",
                    message: "a,b\nc",
                }),
                line({
                    resource: 'KeyVaultCertificate "shop/prod/agw" (https://v.vault.azure.net/certificates/agw)',
                    result: "\r=2",
                }),
            ].join("\n") + "\n",
        );
        const run = await runCli(["audit", log, "--csv"]);
        assert.equal(run.code, 0, run.stderr);
        const rows = readCsv(run.stdout);
        assert.equal(rows[0].certificateId, '\'=HYPERLINK(""http://x"")');
        assert.equal(rows[0].message, '\'+cmd|" /C calc"!A0');
        assert.equal(rows[1].certificateId, "'@SUM(1)/prod/x");
        assert.equal(rows[1].project, "'@SUM(1)");
        assert.equal(rows[1].previousSerial, "'-1");
        assert.equal(rows[1].serial, "'\t=1");
        assert.equal(rows[1].message, "a,b\nc");
        assert.equal(rows[2].result, "'\r=2");
        assert.equal(rows[2].targetId, "https://v.vault.azure.net/certificates/agw");
        assert.equal(rows[2].apiCalls, "3", "a number stays a number");
        for (const row of rows)
            for (const cell of Object.values(row))
                assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `cell ${JSON.stringify(cell)}`);
    });

    it("skips lines that are not audit records, names their numbers (never their content) and exits 1", async () => {
        const log = files.write(
            "damaged.jsonl",
            [line({ resource: 'AcmCertificate "a/b/c"' }), "not json PRIVATE KEY", '{"time":"x"}', ""].join("\n"),
        );
        const run = await runCli(["audit", log, "--json"]);
        assert.equal(run.code, 1);
        assert.match(run.stderr, /2 line\(s\) of .*damaged\.jsonl held no audit record and were skipped: line 2, 3/);
        assert.doesNotMatch(run.stderr + run.stdout, /PRIVATE KEY/);
        const json = jsonOf<{ attempts: { stack: string; result: string }[]; skippedLines: number[] }>(run);
        assert.deepEqual(
            json.attempts.map((a) => [a.stack, a.result]),
            [["b", "succeeded"]],
        );
        assert.deepEqual(json.skippedLines, [2, 3]);
    });

    it("without a log path or CERTDEPLOY_AUDIT_LOG exits 2 and says what to give", async () => {
        const env = { ...process.env };
        delete env.CERTDEPLOY_AUDIT_LOG;
        const run = await runCli(["audit", "--csv"], { env });
        assert.equal(run.code, 2);
        assert.match(run.stderr, /no audit log: give its path, or set CERTDEPLOY_AUDIT_LOG/);
        const missing = await runCli(["audit", files.path("nope.jsonl")]);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /cannot read audit log .*nope\.jsonl: no such file/);
        assert.ok(!fs.existsSync(files.path("nope.jsonl")));
    });
});
