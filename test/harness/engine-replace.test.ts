/**
 * Create-before-delete replacement as `pulumi preview` and `pulumi up` run it,
 * with a consumer (a recording stand-in) that takes the replaced resource's
 * output: the preview plans the replaced resource's delete after the program
 * (step.go CreateStep.Apply marks the old one pendingDelete in preview too;
 * step_generator.go GenerateDeletes plans it), and a consumer whose update
 * fails stops the up before any condemned resource is deleted
 * (deployment_executor.go: post steps only without an error) — the old
 * resource stays in state marked for deletion and the next up deletes it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { declare, output, standIn, widget } from "../programs/spec";
import { ops, withFixture } from "./fixtures/engine-fixture";
import { removeSecrets } from "./wire";

const program = (zone: string) =>
    declare([
        widget("alpha", { name: "a", zone }),
        standIn("aws:lb/listener:Listener", "https", { port: 443, certificateArn: output("alpha", "token") }),
    ]);

void test("preview of a create-before-delete replacement plans the new resource, the consumer's update and the old resource's delete", async () => {
    await withFixture(async ({ engine, up, cloud }) => {
        assert.equal((await up(program("z1"))).ok, true);
        const before = engine.stateJson();
        const preview = await engine.preview(program("z2"));
        assert.equal(preview.ok, true, preview.errors.join("\n"));
        assert.deepEqual(ops(preview), ["replace alpha", "update https", "delete(replaced) alpha"]);
        assert.equal(preview.steps[0].replaceMode, "create-before-delete");
        assert.ok(preview.steps.every((s) => s.status === "planned"));
        assert.equal(engine.stateJson(), before, "preview writes no state");
        assert.equal(cloud.ids().length, 1);
    });
});

void test("a consumer whose update fails keeps the old resource in state, condemned; the next up repoints the consumer and deletes it", async () => {
    let refuse = true;
    await withFixture(
        async ({ engine, up, resource, cloud }) => {
            assert.equal((await up(program("z1"))).ok, true);
            const oldId = resource("alpha").id;
            const failed = await up(program("z2"));
            assert.equal(failed.ok, false);
            assert.deepEqual(ops(failed), ["replace alpha", "update https"], "no delete after a failed step");
            const newId = resource("alpha").id;
            assert.notEqual(newId, oldId);
            assert.deepEqual(cloud.ids().sort(), [oldId, newId].sort(), "both exist");
            assert.deepEqual(
                engine.state.resources.filter((r) => r.delete).map((r) => r.id),
                [oldId],
            );
            assert.equal(
                removeSecrets(resource("https").outputs["certificateArn"]),
                `tok-${oldId}`,
                "the consumer still holds the old output",
            );
            const update = engine.standIn.callsFor("https").find((r) => r.op === "update");
            assert.equal(update?.failed, "listener refused");

            refuse = false;
            const finished = await up(program("z2"));
            assert.equal(finished.ok, true, finished.errors.join("\n"));
            assert.deepEqual(ops(finished), ["same alpha", "update https", "delete(replaced) alpha"]);
            assert.deepEqual(cloud.ids(), [newId]);
            assert.equal(removeSecrets(resource("https").outputs["certificateArn"]), `tok-${newId}`);
        },
        {
            standInFaults: (call) =>
                refuse && call.op === "update" && call.name === "https" ? "listener refused" : undefined,
        },
    );
});
