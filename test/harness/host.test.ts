import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { startProviderHost, ProviderCallError, type ProviderHost } from "./host";
import { findRepoRoot } from "./host-process";
import { runProgram, type RegisteredResource } from "./program";
import { createWidgetCloud, type WidgetCloud } from "./fixtures/cloud";
import { Widget } from "./fixtures/widget";

async function widgetRegistration(): Promise<RegisteredResource> {
    const [reg] = await runProgram(
        () => {
            new Widget("alpha", { name: "a", size: 1 });
        },
        { project: "harness", stack: "dev" },
    );
    return reg;
}

/** Runs `body` against a fresh host and cloud; always stops and removes both. */
async function withHost(body: (host: ProviderHost, cloud: WidgetCloud) => Promise<void>): Promise<void> {
    const cloud = createWidgetCloud();
    const host = await startProviderHost({ env: { WIDGET_CLOUD_DIR: cloud.dir }, project: "harness" });
    try {
        await body(host, cloud);
    } finally {
        await host.close();
        cloud.dispose();
    }
}

void test("the host prints its port, answers Configure with acceptSecrets=false and runs in a linked program directory", async () => {
    await withHost(async (host) => {
        assert.ok(host.port > 0);
        const configured = await host.configure();
        assert.deepEqual(configured, {
            acceptSecrets: false,
            acceptResources: false,
            acceptOutputs: false,
            supportsPreview: false,
        });
        const link = path.join(host.programDir, "node_modules", "certdeploy");
        assert.equal(fs.realpathSync(link), fs.realpathSync(findRepoRoot()));
        assert.equal(host.logs().stdout.trim(), String(host.port));
    });
});

void test("a serialized provider's require('certdeploy/...') resolves through the program directory to this checkout", async () => {
    await withHost(async (host) => {
        await host.configure();
        // A hand-written provider module, as the closure serializer would emit one.
        const providerSource = [
            "exports.handler = () => ({",
            "  async check(olds, news) {",
            "    const pkg = require('certdeploy/package.json');",
            "    return { inputs: { ...news, resolvedName: pkg.name, resolvedFrom: require.resolve('certdeploy/package.json') } };",
            "  },",
            "});",
        ].join("\n");
        const urn = "urn:pulumi:dev::harness::pulumi-nodejs:dynamic/harness:Probe::p";
        const { inputs } = await host.check(urn, {}, { __provider: providerSource });
        assert.equal(inputs["resolvedName"], "certdeploy");
        assert.equal(inputs["resolvedFrom"], path.join(fs.realpathSync(findRepoRoot()), "package.json"));
    });
});

void test("check, create, diff, read, update and delete round-trip plain property maps", async () => {
    const reg = await widgetRegistration();
    await withHost(async (host, cloud) => {
        await host.configure();
        const bad = await host.check(reg.urn, {}, { ...reg.inputs, name: "" });
        assert.deepEqual(bad.failures, [{ property: "name", reason: "name is required" }]);

        const { inputs, failures } = await host.check(reg.urn, {}, reg.inputs);
        assert.deepEqual(failures, []);
        const created = await host.create(reg.urn, inputs);
        assert.match(created.id, /^w-[0-9a-f]{8}$/);
        assert.deepEqual(cloud.ids(), [created.id]);
        assert.equal(created.properties["__provider"], reg.providerSource, "the host echoes __provider into outputs");
        assert.equal(created.properties["generation"], 1);

        assert.equal((await host.diff(created.id, reg.urn, created.properties, inputs)).changes, "none");
        const diff = await host.diff(created.id, reg.urn, created.properties, { ...inputs, zone: "z2" });
        assert.deepEqual({ changes: diff.changes, replaces: diff.replaces }, { changes: "some", replaces: ["zone"] });

        const updated = await host.update(created.id, reg.urn, created.properties, { ...inputs, size: 2 });
        assert.equal(updated.properties["generation"], 2);
        const read = await host.read(created.id, reg.urn, updated.properties, inputs);
        assert.equal(read.id, created.id);
        assert.equal(read.properties["size"], 2);
        assert.equal(read.inputs, undefined, "inputs only when the provider returns them");

        await host.delete(created.id, reg.urn, updated.properties);
        assert.deepEqual(cloud.ids(), []);
        assert.equal((await host.read(created.id, reg.urn, updated.properties)).id, "");
        assert.deepEqual(host.callCounts(), {
            configure: 1,
            check: 2,
            diff: 2,
            create: 1,
            read: 2,
            update: 1,
            delete: 1,
        });
    });
});

void test("a create error with id/properties decodes to ErrorResourceInitFailed; a plain one does not", async () => {
    const reg = await widgetRegistration();
    await withHost(async (host) => {
        await host.configure();
        const partial = await host.create(reg.urn, { ...reg.inputs, initFailOn: "create" }).then(
            () => assert.fail("create should fail"),
            (e: unknown) => e,
        );
        assert.ok(ProviderCallError.isInstance(partial));
        assert.equal(partial.method, "create");
        assert.equal(partial.code, 2);
        assert.equal(partial.details, "widget created but not healthy");
        assert.ok(partial.initFailure);
        assert.match(partial.initFailure.id, /^w-/);
        assert.equal(partial.initFailure.properties["healthy"], false);
        assert.deepEqual(partial.initFailure.reasons, ["health check failed"]);

        await assert.rejects(host.create(reg.urn, { ...reg.inputs, failOn: "create" }), (e: unknown) => {
            assert.ok(ProviderCallError.isInstance(e));
            assert.equal(e.details, "widget create refused");
            assert.equal(e.initFailure, undefined);
            return true;
        });
    });
});

void test("read and delete errors are printed by the host on stderr with their stack", async () => {
    const reg = await widgetRegistration();
    await withHost(async (host) => {
        await host.configure();
        await assert.rejects(host.read("w-1", reg.urn, { ...reg.inputs, failOn: "read" }), /widget read refused/);
        assert.match(host.logs().stderr, /Error: widget read refused: Error: widget read refused\n\s+at /);
    });
});

void test("kill() ends the host mid-create: the call fails UNAVAILABLE, the directory is removed, peak RSS was sampled", async () => {
    const reg = await widgetRegistration();
    const cloud = createWidgetCloud();
    const host = await startProviderHost({ env: { WIDGET_CLOUD_DIR: cloud.dir } });
    try {
        await host.configure();
        const hanging = host.create(reg.urn, { ...reg.inputs, hangOn: "create" });
        const outcome = hanging.then(
            () => "resolved",
            (e: unknown) => e,
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
        const exit = await host.kill();
        assert.equal(exit.signal, "SIGKILL");
        const err = await outcome;
        assert.ok(ProviderCallError.isInstance(err));
        assert.equal(err.code, 14);
        assert.equal(fs.existsSync(host.programDir), false);
        assert.ok(fs.existsSync(path.join(findRepoRoot(), "package.json")), "the checkout behind the link is intact");
        const rss = host.peakRssBytes();
        assert.ok(rss !== undefined && rss > 10 * 1024 * 1024, `peak RSS ${rss}`);
    } finally {
        await host.close();
        cloud.dispose();
    }
});
