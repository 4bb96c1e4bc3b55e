/**
 * The node_exporter textfile carries totals across runs (each `pulumi` command is a
 * new provider process) and is replaced atomically (no temp file left beside it).
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
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
        run(`m.recordAttempt("AWSACM", "succeeded"); m.recordAttempt("AzureKeyVault", "rolled_back"); m.recordRollback("AzureKeyVault", "restored")`);
        const text = fs.readFileSync(file, "utf8");
        assert.match(text, /^certdeploy_deploy_attempts_total\{target_type="AWSACM",result="succeeded"\} 2$/m);
        assert.match(text, /^certdeploy_deploy_attempts_total\{target_type="AzureKeyVault",result="rolled_back"\} 1$/m);
        assert.match(text, /^certdeploy_deploy_rollback_total\{target_type="AzureKeyVault",outcome="restored"\} 1$/m);
        assert.match(text, /^# TYPE certdeploy_deploy_attempts_total counter$/m);
        assert.deepEqual(fs.readdirSync(dir), ["certdeploy.prom"], "no temp file left behind");
    });
});
