/** `certdeploy demo` runs the main job (dist/demo/run.js) and passes its exit code through. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { jsonOf, runCli } from "./run-cli";

describe("certdeploy demo", () => {
    it("runs the main job to completion and exits with its code; --json moves the job's log to stderr and summarises on stdout", async () => {
        const run = await runCli(["demo", "--json"], { timeoutMs: 400_000 });
        const summary = jsonOf<{ command: string; script: string; exitCode: number; durationMs: number }>(run);
        assert.equal(summary.command, "demo");
        assert.equal(summary.script, "dist/demo/run.js");
        assert.equal(summary.exitCode, run.code);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stderr, /demo: every step happened as shown/);
        assert.doesNotMatch(run.stderr, /PRIVATE KEY/);
    });
});
