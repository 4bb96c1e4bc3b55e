/**
 * The harness engine's main flow with the Widget dynamic resource: the real
 * Node runtime runs the program, the real dynamic-provider host serves it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { component, declare, output, widget } from "../programs/spec";
import { ROOT_STACK_TYPE } from "./goal";
import { isSecret, removeSecrets } from "./wire";
import type { WidgetCall } from "./fixtures/cloud";
import { ops, program, project, stack, urnOf, withFixture } from "./fixtures/engine-fixture";

/** The most calls of `method` that were in flight at once, from [start, end] intervals. */
function maxOverlap(intervals: [number, number][]): number {
    const edges = intervals.flatMap(([s, e]): [number, number][] => [
        [s, 1],
        [e, -1],
    ]);
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    let peak = 0;
    for (const [, d] of edges) peak = Math.max(peak, (now += d));
    return peak;
}

const names = (calls: WidgetCall[], method: string): (string | undefined)[] =>
    calls.filter((c) => c.method === method).map((c) => c.name);

void test("preview runs Check only (a dependant still registers, its input unknown) and changes nothing", async () => {
    await withFixture(async ({ engine, cloud, custom }) => {
        const result = await engine.preview(program());
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.deepEqual(ops(result), ["create alpha", "create beta"]);
        assert.ok(result.steps.every((s) => s.status === "planned"));
        assert.deepEqual(names(cloud.calls(), "create"), [], "no Create in preview");
        assert.deepEqual(
            cloud.calls().map((c) => c.method),
            ["check", "check"],
        );
        assert.deepEqual(cloud.ids(), []);
        assert.deepEqual(custom(), []);
        assert.deepEqual(engine.state.resources, [], "preview writes no state, not even the stack");
    });
});

void test("up: the dependant receives the real output (alpha's token), secrets stay enveloped, the stack is in state", async () => {
    await withFixture(async ({ up, resource, cloud, engine }) => {
        const result = await up(program());
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.deepEqual(ops(result), ["create alpha", "create beta"]);
        const alpha = resource("alpha");
        const beta = resource("beta");
        // The program waited for alpha's Create: beta's name is alpha's real token, secret because token is an additionalSecretOutput.
        assert.ok(isSecret(beta.inputs["name"]), "a secret output stays secret in the dependant's inputs");
        assert.equal(removeSecrets(beta.inputs["name"]), `tok-${alpha.id}`);
        assert.equal(cloud.read(beta.id)["name"], `tok-${alpha.id}`, "the real value reached the provider");
        assert.ok((beta.dependencies ?? []).includes(urnOf("alpha")), "an input from an output is a dependency");
        assert.ok(
            isSecret(alpha.inputs["password"]) &&
                isSecret(alpha.outputs["password"]) &&
                isSecret(alpha.outputs["token"]),
        );
        assert.equal(cloud.read(alpha.id)["password"], "hunter2", "the provider saw the plain value");
        const stackEntry = engine.state.resources[0];
        assert.equal(stackEntry.type, ROOT_STACK_TYPE);
        assert.equal(stackEntry.urn, `urn:pulumi:${stack}::${project}::${ROOT_STACK_TYPE}::${project}-${stack}`);
    });
});

void test("an unchanged program is all 'same' with no provider write; a changed size updates in place and keeps the id", async () => {
    await withFixture(async ({ up, resource, cloud }) => {
        await up(program());
        const id = resource("alpha").id;
        const before = cloud.calls().length;
        const same = await up(program());
        assert.deepEqual(ops(same), ["same alpha", "same beta"]);
        assert.deepEqual(
            cloud
                .calls()
                .slice(before)
                .map((c) => c.method),
            ["check", "check"],
            "Check only (Diff has no log line); no create/update",
        );
        const changed = await up(program({ size: 2 }));
        assert.deepEqual(ops(changed), ["update alpha", "same beta"]);
        assert.equal(changed.steps[0]?.diff?.changes, "some");
        assert.equal(resource("alpha").id, id);
        assert.equal(resource("alpha").outputs["generation"], 2);
        assert.equal(cloud.read(id)["size"], 2);
    });
});

void test("a replacement creates the new resource before deleting the old one, after the program", async () => {
    await withFixture(async ({ up, resource, cloud }) => {
        await up(program());
        const first = resource("alpha").id;
        const mark = cloud.calls().length;
        const cbd = await up(program({ zone: "z2" }, false));
        assert.equal(cbd.ok, true, cbd.errors.join("\n"));
        assert.equal(cbd.steps[0]?.replaceMode, "create-before-delete");
        const second = resource("alpha").id;
        assert.notEqual(second, first);
        const writes = cloud
            .calls()
            .slice(mark)
            .filter((c) => c.method === "create" || c.method === "delete")
            .map((c) => c.method);
        assert.deepEqual(
            writes,
            ["create", "delete", "delete"],
            "new alpha first; then old alpha and beta (no longer declared)",
        );
        assert.deepEqual(cloud.ids(), [second]);
    });
});

void test("parallelism: independent creates overlap up to the configured number of workers, never more", async () => {
    await withFixture(
        async ({ up, cloud, resource }) => {
            const result = await up(
                declare(Array.from({ length: 6 }, (_, i) => widget(`w${i}`, { name: `w${i}`, delayMs: 1500 }))),
            );
            assert.equal(result.ok, true, result.errors.join("\n"));
            const intervals = Array.from({ length: 6 }, (_, i): [number, number] => {
                const outs = resource(`w${i}`).outputs;
                return [Number(outs["startedAt"]), Number(outs["finishedAt"])];
            });
            assert.equal(
                maxOverlap(intervals),
                3,
                `creates in flight at once (parallel 3): ${JSON.stringify(intervals)}`,
            );
            assert.equal(cloud.ids().length, 6);
        },
        { parallel: 3 },
    );
});

void test("dependsOn: a chain is created in order and destroyed in reverse", async () => {
    await withFixture(async ({ up, engine, resource, cloud }) => {
        const chain = declare([
            widget("c1", { name: "c1", delayMs: 300 }),
            widget("c2", { name: "c2", delayMs: 300 }, { dependsOn: ["c1"] }),
            widget("c3", { name: "c3", delayMs: 300 }, { dependsOn: ["c2"] }),
        ]);
        const result = await up(chain);
        assert.equal(result.ok, true, result.errors.join("\n"));
        const at = (n: string): { start: number; end: number } => ({
            start: Number(resource(n).outputs["startedAt"]),
            end: Number(resource(n).outputs["finishedAt"]),
        });
        assert.ok(at("c2").start >= at("c1").end, "c2 starts after c1 finished");
        assert.ok(at("c3").start >= at("c2").end, "c3 starts after c2 finished");
        assert.deepEqual(resource("c3").dependencies, [urnOf("c2")]);
        const destroyed = await engine.destroy();
        assert.equal(destroyed.ok, true, destroyed.errors.join("\n"));
        assert.deepEqual(names(cloud.calls(), "delete"), ["c3", "c2", "c1"]);
        assert.deepEqual(engine.state.resources, []);
        assert.deepEqual(cloud.ids(), []);
    });
});

void test("a component: children's URNs carry its type, its registered outputs are kept, and it goes with its children", async () => {
    await withFixture(async ({ up, engine, resource, cloud }) => {
        const grouped = declare([
            component("harness:index:Group", "group"),
            widget("member", { name: "m" }, { parent: "group" }),
            component("harness:index:Summary", "summary", {
                outputs: { memberToken: output("member", "token") },
                dependsOn: ["member"],
            }),
        ]);
        const result = await up(grouped);
        assert.equal(result.ok, true, result.errors.join("\n"));
        const member = resource("member");
        assert.equal(
            member.urn,
            `urn:pulumi:${stack}::${project}::harness:index:Group$pulumi-nodejs:dynamic/harness:Widget::member`,
        );
        assert.equal(member.parent, `urn:pulumi:${stack}::${project}::harness:index:Group::group`);
        const group = resource("group");
        assert.equal(group.custom, false);
        assert.equal(group.id, "");
        assert.equal(
            resource("summary").outputs["memberToken"],
            `tok-${member.id}`,
            "RegisterResourceOutputs recorded the real value",
        );

        const emptied = await up(declare([]));
        assert.equal(emptied.ok, true, emptied.errors.join("\n"));
        assert.deepEqual(ops(emptied), ["delete member"], "components have no provider call");
        assert.deepEqual(
            engine.state.resources.map((r) => r.type),
            [ROOT_STACK_TYPE],
        );
        assert.deepEqual(cloud.ids(), []);
    });
});
