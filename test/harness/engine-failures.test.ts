/**
 * Failures as the engine handles them: partial failures (ErrorResourceInitFailed),
 * Check failures, a dead host, and a call that never returns.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { declare, widget } from "../programs/spec";
import { providerHostPids } from "../faults/host-kill";
import { loadState } from "./engine-state";
import { isSecret, type PropertyMap } from "./wire";
import { ops, program, urnOf, withFixture } from "./fixtures/engine-fixture";

void test("ErrorResourceInitFailed on create records the partial resource with initErrors; the next up updates it and clears them", async () => {
    await withFixture(async ({ up, resource, cloud }) => {
        const failed = await up(program({ initFailOn: "create" }, false));
        assert.equal(failed.ok, false);
        assert.deepEqual(failed.errors, [`${urnOf("alpha")}: widget created but not healthy`]);
        assert.deepEqual(failed.steps[0]?.initErrors, ["health check failed"]);
        const partial = resource("alpha");
        assert.deepEqual(cloud.ids(), [partial.id]);
        assert.deepEqual(partial.initErrors, ["health check failed"]);
        assert.equal(partial.outputs["healthy"], false);
        assert.ok(isSecret(partial.outputs["password"]), "partial outputs are re-marked too");

        const healed = await up(program({}, false));
        assert.deepEqual(ops(healed), ["update alpha"]);
        assert.equal(resource("alpha").id, partial.id);
        assert.equal(resource("alpha").initErrors, undefined);
    });
});

void test("rule 3: a partially failed update keeps the OLD inputs with the new partial outputs and init errors, and the old id", async () => {
    // pkg/engine/update.go (OnResourceStepPost): a StatusPartialFailure update persists old inputs + new outputs.
    await withFixture(async ({ up, resource }) => {
        await up(program({}, false));
        const before = resource("alpha");

        const refused = await up(program({ size: 5, failOn: "update" }, false));
        assert.equal(refused.ok, false);
        assert.deepEqual(resource("alpha"), before, "a plain update error leaves the state as it was");

        const partial = await up(program({ size: 6, initFailOn: "update" }, false));
        assert.equal(partial.ok, false);
        const after = resource("alpha");
        assert.equal(after.id, before.id, "the id in the error is ignored");
        assert.deepEqual(
            after.inputs,
            before.inputs,
            "old inputs: the resource was not updated successfully with the new ones",
        );
        assert.equal(after.inputs["size"], 1);
        assert.equal(after.outputs["size"], 6, "the new partial outputs");
        assert.equal(after.outputs["healthy"], false);
        assert.deepEqual(after.initErrors, ["health check failed after update"]);

        // The next up checks against the old inputs and, with init errors recorded, updates again.
        const retried = await up(program({ size: 6 }, false));
        assert.equal(retried.ok, true, retried.errors.join("\n"));
        assert.deepEqual(ops(retried), ["update alpha"]);
        assert.equal(resource("alpha").inputs["size"], 6);
        assert.equal(resource("alpha").initErrors, undefined);
    });
});

void test("rule 6: preview stops at the first resource whose Check fails; up stops before any create", async () => {
    // step_generator.go: an invalid resource is a bail error (`resource %s is invalid`), in preview too.
    await withFixture(async ({ engine, cloud, custom }) => {
        const spec = declare([
            widget("first", { name: "first" }),
            widget("bad", { name: "" }),
            ...["after1", "after2", "after3"].map((n) => widget(n, { name: n }, { dependsOn: ["first"] })),
        ]);
        const preview = await engine.preview(spec);
        assert.equal(preview.ok, false);
        const failed = preview.steps.filter((s) => s.status === "failed");
        assert.deepEqual(
            failed.map((s) => s.urn),
            [urnOf("bad")],
        );
        assert.deepEqual(failed[0].checkFailures, [{ property: "name", reason: "name is required" }]);
        const checked = cloud
            .calls()
            .filter((c) => c.method === "check")
            .map((c) => c.name);
        assert.ok(
            !checked.some((n) => typeof n === "string" && n.startsWith("after")),
            `nothing is checked after the invalid resource: ${checked.join(", ")}`,
        );
        assert.ok(!preview.steps.some((s) => s.urn.includes("::after")));

        const result = await engine.up(spec);
        assert.equal(result.ok, false);
        assert.ok(result.errors.includes(`${urnOf("bad")}: name: name is required`), result.errors.join("\n"));
        assert.ok(
            !cloud.calls().some((c) => c.method === "create" && c.name !== "first"),
            "only what was planned before the invalid resource was created",
        );
        assert.ok(custom().every((r) => r.urn === urnOf("first")));
    });
});

void test("a host killed mid-create fails the step UNAVAILABLE; the checkpoint showed the pending create meanwhile", async () => {
    await withFixture(async ({ engine, statePath, cloud, custom }) => {
        const running = engine.up(program({ hangOn: "create" }, false));
        let pending: PropertyMap[] = [];
        for (let i = 0; i < 600 && pending.length === 0; i++) {
            await new Promise((resolve) => setTimeout(resolve, 50));
            if (fs.existsSync(statePath))
                pending = loadState(statePath).pending_operations.map((p) => ({ type: p.type, urn: p.resource.urn }));
        }
        assert.deepEqual(pending, [{ type: "creating", urn: urnOf("alpha") }]);
        const pids = providerHostPids(`WIDGET_CLOUD_DIR=${cloud.dir}`);
        assert.equal(pids.length, 1, "one host for the command");
        process.kill(pids[0], "SIGKILL");
        const result = await running;
        assert.equal(result.ok, false);
        assert.equal(result.steps[0]?.errorCode, 14);
        assert.deepEqual(custom(), []);
        assert.deepEqual(loadState(statePath).pending_operations, []);
    });
});

void test("rule 5: a provider call that never returns has no deadline; only the harness's safety timeout ends the command, and says so", async () => {
    // provider_plugin.go calls the provider with context.TODO(): no deadline, `pulumi up` would wait forever.
    await withFixture(
        async ({ engine, cloud }) => {
            const result = await engine.up(program({ hangOn: "create" }, false));
            const ended = Date.now();
            assert.equal(result.ok, false);
            assert.match(
                result.errors.join("\n"),
                /harness safety timeout: up ran longer than 30000 ms.*not engine behaviour/s,
            );
            const create = cloud.calls().find((c) => c.method === "create");
            assert.ok(create, "the create was in flight when the safeguard fired");
            assert.ok(ended - create.at >= 5000, `the call stayed open ${ended - create.at} ms with no deadline`);
            const step = result.steps.find((s) => s.urn === urnOf("alpha"));
            assert.notEqual(step?.errorCode, 4, "no DEADLINE_EXCEEDED: the call had no deadline");
            assert.equal(step?.errorCode, 14, "the call ended only because the safeguard killed the host");
        },
        { safetyTimeoutMs: 30_000 },
    );
});
