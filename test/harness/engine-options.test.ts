/**
 * Rules 6 and 7: replacement as the engine does it, and the resource options
 * (pulumi pkg/resource/deploy/step_generator.go, step.go, source_eval.go).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { declare, standIn, widget } from "../programs/spec";
import { ops, program, resources, urnOf, withFixture } from "./fixtures/engine-fixture";

const writes = (calls: { method: string; name?: string }[]): string[] =>
    calls.filter((c) => c.method === "create" || c.method === "delete").map((c) => `${c.method} ${c.name}`);

void test("rule 6: a replacement calls Check a second time with no olds", async () => {
    await withFixture(async ({ up, cloud }) => {
        await up(program({}, false));
        const mark = cloud.calls().length;
        const replaced = await up(program({ zone: "z2" }, false));
        assert.equal(replaced.ok, true, replaced.errors.join("\n"));
        const checks = cloud
            .calls()
            .slice(mark)
            .filter((c) => c.method === "check")
            .map((c) => c.olds);
        assert.deepEqual(
            checks,
            [true, false],
            "Check(olds, news), then Check({}, news) once the replacement is decided",
        );
    });
});

void test("rule 6: delete-before-replace keeps the old resource in state as pendingReplacement until the new one exists", async () => {
    await withFixture(async ({ up, resource, cloud }) => {
        await up(program({ exclusive: true }, false));
        const oldId = resource("alpha").id;
        // The provider asks for delete-before-replace (exclusive); the new create fails.
        const failed = await up(program({ exclusive: true, zone: "z2", failOn: "create" }, false));
        assert.equal(failed.ok, false);
        assert.deepEqual(ops(failed), ["delete(replaced) alpha", "replace alpha"]);
        assert.equal(failed.steps[1]?.replaceMode, "delete-before-replace");
        assert.deepEqual(cloud.ids(), [], "the old widget is gone, the new one never came");
        const pending = resource("alpha");
        assert.equal(pending.pendingReplacement, true);
        assert.equal(pending.id, oldId, "the old entry stays, marked");

        const mark = cloud.calls().length;
        const finished = await up(program({ exclusive: true, zone: "z2" }, false));
        assert.equal(finished.ok, true, finished.errors.join("\n"));
        assert.deepEqual(
            writes(cloud.calls().slice(mark)),
            ["create a"],
            "the next up creates the replacement without deleting again",
        );
        assert.equal(resource("alpha").pendingReplacement, undefined);
        assert.deepEqual(cloud.ids(), [resource("alpha").id]);
    });
});

void test("rule 6: the program's deleteBeforeReplace overrides the provider's answer, both ways", async () => {
    await withFixture(async ({ up, cloud }) => {
        await up(program({ exclusive: true }, false));
        let mark = cloud.calls().length;
        const overridden = await up(program({ exclusive: true, zone: "z2" }, false, { deleteBeforeReplace: false }));
        assert.equal(
            overridden.steps[0]?.replaceMode,
            "create-before-delete",
            "deleteBeforeReplace: false wins over the provider's true",
        );
        assert.deepEqual(writes(cloud.calls().slice(mark)), ["create a", "delete a"]);

        mark = cloud.calls().length;
        const forced = await up(program({ exclusive: false, zone: "z3" }, false, { deleteBeforeReplace: true }));
        assert.equal(forced.ok, true, forced.errors.join("\n"));
        assert.equal(forced.steps.find((s) => s.op === "replace")?.replaceMode, "delete-before-replace");
        assert.deepEqual(writes(cloud.calls().slice(mark)), ["delete a", "create a"]);
    });
});

void test("rule 7: ignoreChanges keeps the old value of an ignored input", async () => {
    await withFixture(async ({ up, resource, cloud }) => {
        await up(program({}, false));
        const result = await up(program({ size: 5 }, false, { ignoreChanges: ["size"] }));
        assert.deepEqual(ops(result), ["same alpha"]);
        assert.equal(resource("alpha").inputs["size"], 1);
        assert.equal(cloud.read(resource("alpha").id)["size"], 1);
        const both = await up(program({ size: 5, name: "renamed" }, false, { ignoreChanges: ["size"] }));
        assert.deepEqual(ops(both), ["update alpha"]);
        assert.deepEqual(cloud.read(resource("alpha").id)["size"], 1, "the ignored input is sent with its old value");
        assert.equal(cloud.read(resource("alpha").id)["name"], "renamed");
    });
});

void test("rule 7: replaceOnChanges replaces on a changed key the provider reports; the dynamic host reports none, so there it changes nothing", async () => {
    // step_generator.go applyReplaceOnChanges matches the provider's changed keys (DiffResponse.diffs,
    // provider_plugin.go). The dynamic-provider host never sets them (cmd/dynamic-provider diff), so on a
    // dynamic resource whose provider implements diff, replaceOnChanges is ignored by `pulumi up` as well.
    await withFixture(async ({ up, engine, resource }) => {
        const bucket = (size: number) =>
            declare([standIn("aws:s3/bucket:Bucket", "logs", { size }, { replaceOnChanges: ["size"] })]);
        await up(bucket(1));
        const first = resource("logs").id;
        const replaced = await up(bucket(2));
        assert.equal(replaced.ok, true, replaced.errors.join("\n"));
        assert.deepEqual(ops(replaced), ["replace logs", "delete(replaced) logs"]);
        assert.deepEqual(replaced.steps[0]?.diff?.replaces, ["size"]);
        assert.notEqual(resource("logs").id, first);
        assert.deepEqual(
            engine.standIn
                .callsFor("logs")
                .filter((r) => r.op === "create" || r.op === "delete")
                .map((r) => r.op),
            ["create", "create", "delete"],
        );

        await up(program({}, false));
        const dynamic = await up(program({ size: 2 }, false, { replaceOnChanges: ["size"] }));
        assert.equal(dynamic.ok, true, dynamic.errors.join("\n"));
        assert.deepEqual(
            ops(dynamic).filter((o) => o.endsWith("alpha")),
            ["update alpha"],
            "no changed keys from the dynamic host: an update, as in pulumi up",
        );
    });
});

void test("rule 7: protect refuses delete, replacement and destroy; retainOnDelete leaves the resource in the cloud", async () => {
    await withFixture(async ({ up, engine, resource, cloud, custom }) => {
        await up(program({}, false, { protect: true }));
        const id = resource("alpha").id;
        const destroy = await engine.destroy();
        assert.equal(destroy.ok, false);
        assert.match(destroy.errors.join("\n"), /cannot be deleted because it is protected.*pulumi state unprotect/);
        const replace = await up(program({ zone: "z9" }, false, { protect: true }));
        assert.equal(replace.ok, false);
        assert.match(replace.errors.join("\n"), /unable to replace resource .* marked for protection/);
        const removed = await up(declare([]));
        assert.equal(removed.ok, false, "removing a protected resource from the program fails too");
        assert.deepEqual(cloud.ids(), [id]);

        await up(program({}, false, { protect: false, retainOnDelete: true }));
        const retained = await engine.destroy();
        assert.equal(retained.ok, true, retained.errors.join("\n"));
        assert.deepEqual(custom(), []);
        assert.deepEqual(cloud.ids(), [id], "retainOnDelete: gone from state, not from the cloud");
        assert.ok(!cloud.calls().some((c) => c.method === "delete"));
    });
});

void test("rule 7: aliases move a renamed resource without replacing it", async () => {
    await withFixture(async ({ up, engine, cloud }) => {
        await up(program({}, false));
        const [alpha] = resources({}, false);
        const renamed = declare([{ ...alpha, name: "gamma", options: { ...alpha.options, aliases: ["alpha"] } }]);
        const result = await up(renamed);
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.deepEqual(ops(result), ["same gamma"]);
        assert.deepEqual(
            engine.state.resources.filter((r) => r.custom).map((r) => r.urn),
            [urnOf("gamma")],
        );
        assert.equal(writes(cloud.calls()).length, 1, "only the first create");
    });
});

void test("rule 7: customTimeouts become the provider request's timeout", async () => {
    await withFixture(async ({ up, engine }) => {
        const timed = (size: number) =>
            declare([
                standIn(
                    "aws:s3/bucket:Bucket",
                    "logs",
                    { size },
                    { customTimeouts: { create: "2m", update: "90s", delete: "1h30m" } },
                ),
            ]);
        await up(timed(1));
        await up(timed(2));
        assert.equal((await engine.destroy()).ok, true);
        const timeouts = engine.standIn
            .callsFor("logs")
            .filter((r) => r.timeoutSeconds !== undefined)
            .map((r) => `${r.op} ${r.timeoutSeconds}`);
        assert.deepEqual(timeouts, ["create 120", "update 90", "delete 5400"]);
    });
});

void test("rule 7: options the harness engine cannot honour fail loudly, naming the option", async () => {
    await withFixture(async ({ up, cloud }) => {
        const imported = await up(declare([widget("adopted", { name: "x" }, { import: "w-123" })]));
        assert.equal(imported.ok, false);
        assert.match(imported.errors.join("\n"), /does not support the import option/);
        const deletedWith = await up(
            declare([widget("a", { name: "a" }), widget("b", { name: "b" }, { deletedWith: "a" })]),
        );
        assert.equal(deletedWith.ok, false);
        assert.match(deletedWith.errors.join("\n"), /deletedWith|DeletedWith/);
        assert.ok(!cloud.calls().some((c) => c.method === "create" && c.name === "b"));
    });
});
