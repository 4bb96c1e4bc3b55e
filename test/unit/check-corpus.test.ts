/**
 * The bad-input corpus against the providers' check, in process (unit level).
 * test/e2e/preview.test.ts runs the same corpus through the real provider host.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { acmProvider, keyVaultProvider } from "../../provider";
import { buildCorpus, Case } from "../fixtures/bad-inputs";

describe("check reports every input mistake with the property and a precise reason", () => {
    let corpus: Case[] = [];
    before(async () => {
        corpus = await buildCorpus();
    });

    it("holds at least 40 failing cases", () => {
        assert.ok(corpus.filter((c) => c.expect.length > 0).length >= 40, `only ${corpus.length} cases`);
    });

    it("answers each case as the corpus expects", async () => {
        const wrong: string[] = [];
        for (const c of corpus) {
            const provider = c.target === "acm" ? acmProvider : keyVaultProvider;
            const result = await provider.check!({}, c.inputs);
            const failures = result.failures ?? [];
            if (c.expect.length === 0 && failures.length > 0)
                wrong.push(`${c.name}: expected no failure, got ${JSON.stringify(failures)}`);
            for (const e of c.expect) {
                if (!failures.some((f) => f.property === e.property && e.reason.test(f.reason)))
                    wrong.push(`${c.name}: expected ${e.property} ~ ${e.reason}, got ${JSON.stringify(failures)}`);
            }
        }
        assert.deepEqual(wrong, []);
    });
});
