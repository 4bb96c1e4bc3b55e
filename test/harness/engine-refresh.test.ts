/**
 * Rule 4, `pulumi refresh` as the engine runs it (pkg/resource/deploy/step.go,
 * RefreshStep): every Read at once, a failure does not stop the others, init
 * errors cleared by a good Read, and each resource classified by the
 * provider's Diff rather than by comparing outputs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { declare, widget } from "../programs/spec";
import { isSecret } from "./wire";
import { program, urnOf, withFixture } from "./fixtures/engine-fixture";

const byName = (steps: { urn: string; refresh?: string; status: string }[]): Record<string, string> =>
    Object.fromEntries(
        steps.map((s) => [s.urn.split("::").pop() ?? "", s.status === "failed" ? "failed" : (s.refresh ?? "")]),
    );

void test("refresh issues every Read at once and does not stop at a failing one", async () => {
    await withFixture(async ({ up, engine, cloud, resource }) => {
        const fleet = declare([
            ...Array.from({ length: 4 }, (_, i) => widget(`r${i}`, { name: `r${i}`, delayMs: 1500 })),
            widget("broken", { name: "broken", failOn: "read" }),
        ]);
        assert.equal((await up(fleet)).ok, true);
        const before = resource("r0");

        const result = await engine.refresh();
        assert.equal(result.ok, false);
        assert.deepEqual(result.errors, [`${urnOf("broken")}: widget read refused`]);
        assert.deepEqual(byName(result.steps), {
            r0: "unchanged",
            r1: "unchanged",
            r2: "unchanged",
            r3: "unchanged",
            broken: "failed",
        });

        const calls = cloud.calls();
        const started = calls.filter((c) => c.method === "read").map((c) => c.at);
        const firstDone = Math.min(
            ...calls.filter((c) => c.method === "read-done" && c.name !== "broken").map((c) => c.at),
        );
        assert.ok(
            started.filter((t) => t < firstDone).length >= 4,
            "all four slow Reads were in flight before the first of them returned",
        );
        assert.deepEqual(resource("r0"), before, "an unchanged resource keeps its state");
    });
});

void test("a successful Read clears init errors", async () => {
    await withFixture(async ({ up, engine, resource }) => {
        await up(program({ initFailOn: "create" }, false));
        assert.deepEqual(resource("alpha").initErrors, ["health check failed"]);
        const result = await engine.refresh();
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.equal(resource("alpha").initErrors, undefined);
    });
});

void test("the provider's Diff classifies a refreshed resource: an output the provider does not diff is 'unchanged' though recorded", async () => {
    await withFixture(async ({ up, engine, resource, cloud }) => {
        await up(program());
        const alpha = resource("alpha");
        // generation is not among the widget's diffed keys; size is.
        cloud.write(alpha.id, { ...cloud.read(alpha.id), generation: 7 });
        cloud.remove(resource("beta").id);
        const quiet = await engine.refresh();
        assert.equal(quiet.ok, true, quiet.errors.join("\n"));
        assert.deepEqual(byName(quiet.steps), { alpha: "unchanged", beta: "deleted" });
        assert.equal(resource("alpha").outputs["generation"], 7, "the new outputs are recorded all the same");
        assert.ok(
            !engine.state.resources.some((r) => r.urn === urnOf("beta")),
            "a resource gone out of band leaves the state",
        );

        cloud.write(alpha.id, { ...cloud.read(alpha.id), size: 9 });
        const drift = await engine.refresh();
        assert.deepEqual(byName(drift.steps), { alpha: "changed" });
        assert.equal(drift.steps[0]?.diff?.changes, "some");
        const refreshed = resource("alpha");
        assert.equal(refreshed.outputs["size"], 9);
        assert.ok(
            isSecret(refreshed.outputs["password"]) && isSecret(refreshed.outputs["token"]),
            "secrets stay marked",
        );
        assert.equal(
            refreshed.outputs["__provider"],
            alpha.outputs["__provider"],
            "the host carries __provider through read",
        );
    });
});
