/**
 * Preview cannot be hung or made to crawl (issue 12): every input of the
 * hostile catalogue (test/fixtures/hostile-inputs.ts) — the header shape that
 * made PemConverter's regex backtrack exponentially, BEGIN floods, giant
 * labels, a 250-certificate chain given root first, key-like tags — gets its
 * answer from `check` quickly and names the right property. Runs in a worker
 * with a watchdog: with the old PEM decoder the first case alone took ~6 s
 * and the filled ones never finished.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runHostileCatalogue } from "../fixtures/hostile-check-run";

/** Generous for a loaded 2-core CI machine; `npm run bench` reports the real worst case (target < 100 ms). */
const CASE_LIMIT_MS = 1_500;
const HANG_MS = 20_000;

describe("check on hostile inputs within the schema's limits", () => {
    it("answers every case quickly, naming the property at fault (valid long chain accepted)", async () => {
        const results = await runHostileCatalogue(1, HANG_MS);
        assert.ok(results.length >= 15, `only ${results.length} cases ran`);
        const wrong: string[] = [];
        for (const r of results) {
            if (r.ms > CASE_LIMIT_MS) wrong.push(`${r.name}: ${Math.round(r.ms)} ms`);
            if (r.expected === undefined && r.failedProperties.length > 0)
                wrong.push(`${r.name}: expected no failure, got ${r.failedProperties.join(", ")}`);
            if (r.expected !== undefined && !r.failedProperties.includes(r.expected))
                wrong.push(`${r.name}: expected a ${r.expected} failure, got [${r.failedProperties.join(", ")}]`);
        }
        assert.deepEqual(wrong, []);
    });
});
