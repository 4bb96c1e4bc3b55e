/**
 * The node_exporter textfile carries totals across runs (each `pulumi` command is a
 * new provider process) and is replaced atomically (no temp file left beside it).
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const metricsModule = path.join(__dirname, "..", "..", "provider", "deploy", "metrics.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-metrics-"));
const file = path.join(dir, "certdeploy.prom");

/** One provider process: records attempts and rollbacks, waits for the write, exits. */
function run(script: string): void {
    const code = `const m = require(${JSON.stringify(metricsModule)}); ${script}; m.metricsFlushed().then(() => process.exit(0));`;
    execFileSync(process.execPath, ["-e", code], { env: { ...process.env, CERTDEPLOY_METRICS_FILE: file } });
}

describe("metrics textfile", () => {
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("accumulates counters across provider processes and leaves only the textfile", () => {
        run(`m.recordAttempt("AWSACM", "succeeded")`);
        run(
            `m.recordAttempt("AWSACM", "succeeded"); m.recordAttempt("AzureKeyVault", "rolled_back"); m.recordRollback("AzureKeyVault", "restored")`,
        );
        const text = fs.readFileSync(file, "utf8");
        assert.match(text, /^certdeploy_deploy_attempts_total\{target_type="AWSACM",result="succeeded"\} 2$/m);
        assert.match(text, /^certdeploy_deploy_attempts_total\{target_type="AzureKeyVault",result="rolled_back"\} 1$/m);
        assert.match(text, /^certdeploy_deploy_rollback_total\{target_type="AzureKeyVault",outcome="restored"\} 1$/m);
        assert.match(text, /^# TYPE certdeploy_deploy_attempts_total counter$/m);
        assert.deepEqual(fs.readdirSync(dir), ["certdeploy.prom"], "no temp file left behind");
    });

    it("loses no increment when provider processes write at once (the textfile is locked)", async () => {
        fs.rmSync(file, { force: true });
        const processes = 6;
        const each = 15;
        // Each process flushes after every attempt, so the writes interleave.
        const code = `const m = require(${JSON.stringify(metricsModule)}); (async () => { for (let i = 0; i < ${each}; i++) { m.recordAttempt("AWSACM", "succeeded"); await m.metricsFlushed(); } })().then(() => process.exit(0));`;
        await Promise.all(
            Array.from({ length: processes }, () =>
                promisify(execFile)(process.execPath, ["-e", code], {
                    env: { ...process.env, CERTDEPLOY_METRICS_FILE: file },
                }),
            ),
        );
        const text = fs.readFileSync(file, "utf8");
        assert.match(
            text,
            new RegExp(
                `^certdeploy_deploy_attempts_total\\{target_type="AWSACM",result="succeeded"\\} ${processes * each}$`,
                "m",
            ),
        );
        assert.deepEqual(fs.readdirSync(dir), ["certdeploy.prom"], "no lock or temp file left behind");
    });

    it("skips textfile lines with unknown labels instead of throwing, and keeps the rest", () => {
        fs.writeFileSync(
            file,
            'certdeploy_deploy_attempts_total{foo="bar"} 3\ncertdeploy_deploy_attempts_total{target_type="AzureKeyVault",result="succeeded"} 4\nsomething else\n',
        );
        run(`m.recordAttempt("AzureKeyVault", "succeeded")`);
        const text = fs.readFileSync(file, "utf8");
        assert.match(text, /^certdeploy_deploy_attempts_total\{target_type="AzureKeyVault",result="succeeded"\} 5$/m);
        assert.doesNotMatch(text, /foo="bar"/);
    });
});
