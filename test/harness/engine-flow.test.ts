import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { loadState } from "./engine-state";
import { isSecret } from "./wire";
import { ops, program, registrations, urnOf, withFixture } from "./fixtures/engine-fixture";

void test("preview runs Check and Diff only, plans creates with unknown inputs, and changes nothing", async () => {
    await withFixture(async ({ engine, withHost, cloud }) => {
        const regs = await registrations(program(), true);
        const { result, counts } = await withHost(async (host) => ({ result: await engine.preview(host, regs), counts: host.callCounts() }));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.deepEqual(ops(result), ["create alpha", "create beta"]);
        assert.ok(result.steps.every((s) => s.status === "planned"));
        assert.deepEqual(counts, { configure: 1, check: 2, diff: 0, create: 0, read: 0, update: 0, delete: 0 });
        assert.deepEqual(engine.state.resources, []);
        assert.deepEqual(cloud.ids(), []);
    });
});

void test("up creates in program order and keeps secrets enveloped in state: re-marked outputs and additionalSecretOutputs", async () => {
    await withFixture(async ({ up, resource, cloud, statePath }) => {
        const result = await up(program());
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.deepEqual(ops(result), ["create alpha", "create beta"]);
        const alpha = resource("alpha");
        const beta = resource("beta");
        assert.deepEqual(cloud.ids(), [alpha.id, beta.id].sort());

        assert.ok(isSecret(alpha.inputs["password"]), "secret input stays secret");
        assert.ok(isSecret(alpha.outputs["password"]), "same-named output re-marked secret");
        assert.ok(isSecret(alpha.outputs["token"]), "additionalSecretOutputs wrapped");
        assert.equal(alpha.outputs["name"], "a", "everything else plain");
        assert.equal(alpha.outputs["size"], 1);
        assert.equal(typeof alpha.outputs["__provider"], "string");
        assert.ok(isSecret(beta.inputs["name"]) && isSecret(beta.outputs["name"]), "secretness flows through a dependency");

        // grep state.json: the key material only ever appears inside an envelope.
        const text = fs.readFileSync(statePath, "utf8");
        const all = text.match(/hunter2/g) ?? [];
        const enveloped = text.match(/"value": "hunter2"/g) ?? [];
        assert.equal(all.length, 2);
        assert.equal(enveloped.length, all.length);
        assert.deepEqual(loadState(statePath).pending_operations, []);
    });
});

void test("an unchanged program is all 'same'; a changed size updates in place and keeps the id", async () => {
    await withFixture(async ({ up, resource, cloud, engine, withHost }) => {
        await up(program());
        const id = resource("alpha").id;

        const regs = await registrations(program());
        const again = await withHost(async (host) => ({ result: await engine.up(host, regs), counts: host.callCounts() }));
        assert.deepEqual(ops(again.result), ["same alpha", "same beta"]);
        assert.equal(again.counts.create + again.counts.update + again.counts.delete, 0);

        const changed = await up(program({ size: 2 }));
        assert.deepEqual(ops(changed), ["update alpha", "same beta"]);
        assert.deepEqual(changed.steps[0]?.diff?.changes, "some");
        assert.equal(resource("alpha").id, id);
        assert.equal(resource("alpha").outputs["generation"], 2);
        assert.equal(cloud.read(id)["size"], 2);
    });
});

void test("a replacing diff creates before deleting; deleteBeforeReplace deletes first", async () => {
    await withFixture(async ({ up, resource, cloud }) => {
        await up(program());
        const first = resource("alpha").id;

        const cbd = await up(program({ zone: "z2" }));
        assert.equal(cbd.ok, true, cbd.errors.join("\n"));
        assert.deepEqual(ops(cbd), ["replace alpha", "same beta", "delete(replaced) alpha"]);
        assert.equal(cbd.steps[0]?.replaceMode, "create-before-delete");
        const second = resource("alpha").id;
        assert.notEqual(second, first);
        assert.deepEqual(cloud.ids(), [second, resource("beta").id].sort());

        const dbr = await up(program({ zone: "z3", exclusive: true }));
        assert.deepEqual(ops(dbr), ["delete(replaced) alpha", "replace alpha", "same beta"]);
        assert.equal(dbr.steps[1]?.replaceMode, "delete-before-replace");
        assert.equal(cloud.ids().includes(second), false);
    });
});

void test("refresh drops a resource deleted out of band and records outputs changed out of band, secrets kept", async () => {
    await withFixture(async ({ up, resource, cloud, engine, withHost }) => {
        await up(program());
        const alpha = resource("alpha");
        cloud.remove(resource("beta").id);
        cloud.write(alpha.id, { ...cloud.read(alpha.id), size: 9 });

        const result = await withHost((host) => engine.refresh(host));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.deepEqual(
            result.steps.map((s) => `${s.urn.split("::").pop()} ${s.refresh}`),
            ["alpha changed", "beta deleted"],
        );
        assert.deepEqual(
            engine.state.resources.map((r) => r.urn),
            [urnOf("alpha")],
        );
        const refreshed = resource("alpha");
        assert.equal(refreshed.outputs["size"], 9);
        assert.ok(isSecret(refreshed.outputs["password"]) && isSecret(refreshed.outputs["token"]));
        assert.equal(refreshed.outputs["__provider"], alpha.outputs["__provider"], "the host carries __provider through read");
    });
});

void test("preview against a state plans update, replace and delete without performing them", async () => {
    await withFixture(async ({ up, engine, withHost, cloud }) => {
        await up(program());
        const before = engine.stateJson();
        const ids = cloud.ids();

        const regs = await registrations(program({ zone: "z2", exclusive: true }, false), true);
        const { result, counts } = await withHost(async (host) => ({ result: await engine.preview(host, regs), counts: host.callCounts() }));
        assert.deepEqual(ops(result), ["replace alpha", "delete beta"]);
        assert.equal(result.steps[0]?.replaceMode, "delete-before-replace");
        assert.deepEqual(result.steps[0]?.diff?.replaces, ["zone"]);
        assert.deepEqual([counts.check, counts.diff, counts.create, counts.update, counts.delete], [1, 1, 0, 0, 0]);
        assert.equal(engine.stateJson(), before);
        assert.deepEqual(cloud.ids(), ids);
    });
});

void test("destroy deletes in reverse order and leaves an empty state and cloud", async () => {
    await withFixture(async ({ up, cloud, engine, withHost }) => {
        await up(program());
        const result = await withHost((host) => engine.destroy(host));
        assert.deepEqual(ops(result), ["delete beta", "delete alpha"]);
        assert.deepEqual(engine.state.resources, []);
        assert.deepEqual(cloud.ids(), []);
    });
});
