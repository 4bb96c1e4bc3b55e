import { test } from "node:test";
import assert from "node:assert/strict";
import type { CheckResult, DiffResult, ProviderHost } from "./host";
import type { ResourceState } from "./engine-state";
import type { RegisteredResource } from "./program";
import { planResource } from "./engine-plan";
import { makeSecret, UNKNOWN, type PropertyMap } from "./wire";

const urn = "urn:pulumi:dev::harness::pulumi-nodejs:dynamic/harness:Widget::alpha";

function registration(inputs: PropertyMap): RegisteredResource {
    return {
        type: "pulumi-nodejs:dynamic/harness:Widget",
        name: "alpha",
        urn,
        custom: true,
        inputs,
        secretInputs: [],
        unknownInputs: inputs["name"] === UNKNOWN ? ["name"] : [],
        additionalSecretOutputs: [],
        deleteBeforeReplace: false,
        dependencies: [],
        parent: "",
        providerSource: "",
        providerIsSecret: false,
    };
}

function stateOf(inputs: PropertyMap, extra: Partial<ResourceState> = {}): ResourceState {
    return { urn, type: "pulumi-nodejs:dynamic/harness:Widget", custom: true, id: "w-1", inputs, outputs: inputs, ...extra };
}

/** A provider host fake that echoes Check and answers Diff with `diff`, recording what it was sent. */
function fakeHost(diff: Partial<DiffResult>): Pick<ProviderHost, "check" | "diff"> & { sent: PropertyMap[] } {
    const sent: PropertyMap[] = [];
    return {
        sent,
        check: async (_urn: string, _olds: PropertyMap, news: PropertyMap): Promise<CheckResult> => {
            sent.push(news);
            return { inputs: news, failures: [] };
        },
        diff: async (): Promise<DiffResult> => ({ changes: "unknown", replaces: [], stables: [], diffs: [], deleteBeforeReplace: false, ...diff }),
    };
}

void test("secrets go to Check in plain form and come back re-marked in the checked inputs", async () => {
    const host = fakeHost({});
    const plan = await planResource(host, registration({ name: "a", password: makeSecret("p") }), undefined, false);
    assert.deepEqual(host.sent, [{ name: "a", password: "p" }]);
    assert.deepEqual(plan.checked, { name: "a", password: makeSecret("p") });
    assert.equal(plan.op, "create");
});

void test("DIFF_UNKNOWN falls back to comparing inputs, ignoring secretness", async () => {
    const old = stateOf({ name: "a", password: makeSecret("p") });
    assert.equal((await planResource(fakeHost({}), registration({ name: "a", password: "p" }), old, false)).op, "same");
    const changed = await planResource(fakeHost({}), registration({ name: "b", password: "p" }), old, false);
    assert.deepEqual({ op: changed.op, changes: changed.diff?.changes, diffs: changed.diff?.diffs }, { op: "update", changes: "some", diffs: ["name"] });
});

void test("replaces make a replacement; the provider's deleteBeforeReplace is honoured; initErrors force an update", async () => {
    const old = stateOf({ name: "a" });
    const replace = await planResource(fakeHost({ changes: "some", replaces: ["zone"], deleteBeforeReplace: true }), registration({ name: "a" }), old, false);
    assert.deepEqual({ op: replace.op, dbr: replace.deleteBeforeReplace }, { op: "replace", dbr: true });
    const healing = await planResource(fakeHost({ changes: "none" }), registration({ name: "a" }), stateOf({ name: "a" }, { initErrors: ["x"] }), false);
    assert.equal(healing.op, "update");
});

void test("unknown inputs are allowed in preview only", async () => {
    const reg = registration({ name: UNKNOWN });
    assert.equal((await planResource(fakeHost({}), reg, undefined, true)).op, "create");
    await assert.rejects(planResource(fakeHost({}), reg, undefined, false), /inputs are unknown \(name\)/);
});
