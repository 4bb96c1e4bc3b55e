import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { loadState } from "./engine-state";
import { startProviderHost } from "./host";
import { isSecret, type PropertyMap } from "./wire";
import { ops, program, project, registrations, urnOf, withFixture } from "./fixtures/engine-fixture";

void test("ErrorResourceInitFailed on create records the partial resource with initErrors and fails the up", async () => {
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

void test("ErrorResourceInitFailed on update records the new partial outputs; a plain update error keeps the old state", async () => {
    await withFixture(async ({ up, resource }) => {
        await up(program({}, false));
        const before = resource("alpha");

        const refused = await up(program({ size: 5, failOn: "update" }, false));
        assert.equal(refused.ok, false);
        assert.deepEqual(resource("alpha"), before);

        const partial = await up(program({ size: 6, initFailOn: "update" }, false));
        assert.equal(partial.ok, false);
        const after = resource("alpha");
        assert.deepEqual(after.initErrors, ["health check failed after update"]);
        assert.equal(after.outputs["size"], 6);
        assert.equal(after.outputs["healthy"], false);
    });
});

void test("check failures: preview reports them, up stops before any create", async () => {
    await withFixture(async ({ engine, withHost, cloud }) => {
        const regs = await registrations(program({ name: "" }));
        const preview = await withHost((host) => engine.preview(host, regs));
        assert.equal(preview.ok, false);
        assert.deepEqual(preview.steps[0]?.checkFailures, [{ property: "name", reason: "name is required" }]);
        assert.equal(preview.steps[1]?.status, "planned", "preview carries on with the next resource");

        const { result, counts } = await withHost(async (host) => ({ result: await engine.up(host, regs), counts: host.callCounts() }));
        assert.equal(result.ok, false);
        assert.deepEqual(result.errors, [`${urnOf("alpha")}: name: name is required`]);
        assert.equal(counts.create, 0);
        assert.deepEqual(cloud.ids(), []);
        assert.deepEqual(engine.state.resources, []);
    });
});

void test("a host killed mid-create fails the step UNAVAILABLE; the checkpoint showed the pending create meanwhile", async () => {
    await withFixture(async ({ engine, statePath, cloud }) => {
        const regs = await registrations(program({ hangOn: "create" }, false));
        const host = await startProviderHost({ env: { WIDGET_CLOUD_DIR: cloud.dir }, project });
        try {
            const running = engine.up(host, regs);
            let pending: PropertyMap[] = [];
            for (let i = 0; i < 100 && pending.length === 0; i++) {
                await new Promise((resolve) => setTimeout(resolve, 50));
                if (fs.existsSync(statePath)) pending = loadState(statePath).pending_operations.map((p) => ({ type: p.type, urn: p.resource.urn }));
            }
            assert.deepEqual(pending, [{ type: "creating", urn: urnOf("alpha") }]);
            await host.kill();
            const result = await running;
            assert.equal(result.ok, false);
            assert.equal(result.steps[0]?.errorCode, 14);
            assert.deepEqual(loadState(statePath), { resources: [], pending_operations: [] });
        } finally {
            await host.close();
        }
    });
});
