import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { Engine, type OperationResult } from "./engine";
import { loadState, type ResourceState } from "./engine-state";
import { startProviderHost, type ProviderHost } from "./host";
import { runProgram, type RegisteredResource } from "./program";
import { isSecret, type PropertyMap } from "./wire";
import { createWidgetCloud, type WidgetCloud } from "./fixtures/cloud";
import { Widget, type WidgetArgs } from "./fixtures/widget";

const project = "harness";
const stack = "dev";
const urnOf = (name: string): string => `urn:pulumi:${stack}::${project}::pulumi-nodejs:dynamic/harness:Widget::${name}`;

/** alpha (secret password; token as an additional secret output) and beta, named from alpha's token. */
function program(alpha: Partial<WidgetArgs> = {}, withBeta = true): () => void {
    return () => {
        const a = new Widget(
            "alpha",
            { name: "a", size: 1, zone: "z1", password: pulumi.secret("hunter2"), ...alpha },
            { additionalSecretOutputs: ["token"] },
        );
        if (withBeta) new Widget("beta", { name: a.token.apply((t) => `beta-of-${t}`) });
    };
}

function registrations(p: () => void, preview = false): Promise<RegisteredResource[]> {
    return runProgram(p, { project, stack, preview, mockOutputs: ({ name }) => ({ token: `tok-${name}` }) });
}

interface Fixture {
    cloud: WidgetCloud;
    statePath: string;
    engine: Engine;
    /** One fresh host per command, as `pulumi` starts one per run. */
    withHost<T>(body: (host: ProviderHost) => Promise<T>): Promise<T>;
    up(p: () => void): Promise<OperationResult>;
    resource(name: string): ResourceState;
}

async function withFixture(body: (f: Fixture) => Promise<void>): Promise<void> {
    const cloud = createWidgetCloud();
    const statePath = `${cloud.dir}.state.json`;
    const engine = new Engine({ statePath });
    const withHost = async <T>(inner: (host: ProviderHost) => Promise<T>): Promise<T> => {
        const host = await startProviderHost({ env: { WIDGET_CLOUD_DIR: cloud.dir }, project });
        try {
            return await inner(host);
        } finally {
            await host.close();
        }
    };
    const up = async (p: () => void): Promise<OperationResult> => {
        const regs = await registrations(p);
        return withHost((host) => engine.up(host, regs));
    };
    const resource = (name: string): ResourceState => {
        const found = engine.state.resources.find((r) => r.urn === urnOf(name) && !r.delete);
        assert.ok(found, `${name} in state`);
        return found;
    };
    try {
        await body({ cloud, statePath, engine, withHost, up, resource });
    } finally {
        cloud.dispose();
        fs.rmSync(statePath, { force: true });
    }
}

const ops = (r: OperationResult): string[] => r.steps.map((s) => `${s.op}${s.replaced ? "(replaced)" : ""} ${s.urn.split("::").pop()}`);

test("preview runs Check and Diff only, plans creates with unknown inputs, and changes nothing", async () => {
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

test("up creates in program order and keeps secrets enveloped in state: re-marked outputs and additionalSecretOutputs", async () => {
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

test("an unchanged program is all 'same'; a changed size updates in place and keeps the id", async () => {
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

test("a replacing diff creates before deleting; deleteBeforeReplace deletes first", async () => {
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

test("refresh drops a resource deleted out of band and records outputs changed out of band, secrets kept", async () => {
    await withFixture(async ({ up, resource, cloud, engine, withHost }) => {
        await up(program());
        const alpha = resource("alpha");
        cloud.remove(resource("beta").id);
        cloud.write(alpha.id, { ...cloud.read(alpha.id), size: 9 });

        const result = await withHost((host) => engine.refresh(host));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.deepEqual(result.steps.map((s) => `${s.urn.split("::").pop()} ${s.refresh}`), ["alpha changed", "beta deleted"]);
        assert.deepEqual(engine.state.resources.map((r) => r.urn), [urnOf("alpha")]);
        const refreshed = resource("alpha");
        assert.equal(refreshed.outputs["size"], 9);
        assert.ok(isSecret(refreshed.outputs["password"]) && isSecret(refreshed.outputs["token"]));
        assert.equal(refreshed.outputs["__provider"], alpha.outputs["__provider"], "the host carries __provider through read");
    });
});

test("preview against a state plans update, replace and delete without performing them", async () => {
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

test("destroy deletes in reverse order and leaves an empty state and cloud", async () => {
    await withFixture(async ({ up, cloud, engine, withHost }) => {
        await up(program());
        const result = await withHost((host) => engine.destroy(host));
        assert.deepEqual(ops(result), ["delete beta", "delete alpha"]);
        assert.deepEqual(engine.state.resources, []);
        assert.deepEqual(cloud.ids(), []);
    });
});

test("ErrorResourceInitFailed on create records the partial resource with initErrors and fails the up", async () => {
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

test("ErrorResourceInitFailed on update records the new partial outputs; a plain update error keeps the old state", async () => {
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

test("check failures: preview reports them, up stops before any create", async () => {
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

test("a host killed mid-create fails the step UNAVAILABLE; the checkpoint showed the pending create meanwhile", async () => {
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
