import { test } from "node:test";
import assert from "node:assert/strict";
import * as vm from "node:vm";
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "./program";
import { isSecret, UNKNOWN } from "./wire";
import { Widget } from "./fixtures/widget";

const project = "harness";
const stack = "dev";

void test("runProgram records type, name, URN, inputs and the serialized provider of each dynamic resource", async () => {
    const regs = await runProgram(
        () => {
            new Widget("alpha", { name: "a", size: 3 });
        },
        { project, stack },
    );

    assert.equal(regs.length, 1);
    const [alpha] = regs;
    assert.equal(alpha.type, "pulumi-nodejs:dynamic/harness:Widget");
    assert.equal(alpha.name, "alpha");
    assert.equal(alpha.urn, "urn:pulumi:dev::harness::pulumi-nodejs:dynamic/harness:Widget::alpha");
    assert.equal(alpha.custom, true);
    assert.deepEqual({ ...alpha.inputs, __provider: "<elided>" }, { __provider: "<elided>", name: "a", size: 3 });
    assert.equal(alpha.inputs["__provider"], alpha.providerSource);
    assert.equal(alpha.providerIsSecret, false);
    assert.deepEqual(alpha.secretInputs, []);
    assert.deepEqual(alpha.unknownInputs, []);
});

void test("the captured __provider is valid JavaScript whose handler() returns the provider's methods", async () => {
    const [reg] = await runProgram(
        () => {
            new Widget("alpha", { name: "a" });
        },
        { project, stack },
    );

    // Compile it the way require-from-string does: as a CommonJS module body.
    const module = { exports: {} as { handler?: () => Record<string, unknown> } };
    const wrapper = vm.runInThisContext(`(function (exports, require, module) {\n${reg.providerSource}\n})`) as (
        exports: object,
        req: NodeJS.Require,
        mod: typeof module,
    ) => void;
    wrapper(module.exports, require, module);
    const provider = module.exports.handler?.();
    assert.ok(provider, "handler() returned a provider");
    for (const method of ["check", "diff", "create", "read", "update", "delete"]) {
        assert.equal(typeof provider[method], "function", method);
    }
    assert.doesNotMatch(reg.providerSource, /\/work\/|certdeploy/, "no absolute paths or certdeploy imports captured");
});

void test("pulumi.secret inputs stay enveloped and are listed; additionalSecretOutputs are captured", async () => {
    const regs = await runProgram(
        () => {
            new Widget(
                "alpha",
                { name: "a", password: pulumi.secret("hunter2") },
                { additionalSecretOutputs: ["token"] },
            );
        },
        { project, stack },
    );

    const [alpha] = regs;
    assert.deepEqual(alpha.secretInputs, ["password"]);
    assert.ok(isSecret(alpha.inputs["password"]));
    assert.deepEqual(alpha.inputs["password"], {
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        value: "hunter2",
    });
    assert.deepEqual(alpha.additionalSecretOutputs, ["token"]);
});

void test("in preview, an input taken from another resource's output is unknown (the sentinel)", async () => {
    const regs = await runProgram(
        () => {
            const alpha = new Widget("alpha", { name: "a" });
            new Widget("beta", { name: alpha.token, zone: "z1" });
        },
        { project, stack, preview: true },
    );

    const beta = regs.find((r) => r.name === "beta");
    assert.ok(beta);
    assert.deepEqual(beta.unknownInputs, ["name"]);
    assert.equal(beta.inputs["name"], UNKNOWN);
    assert.equal(beta.inputs["zone"], "z1");
    assert.deepEqual(beta.dependencies, ["urn:pulumi:dev::harness::pulumi-nodejs:dynamic/harness:Widget::alpha"]);
});

void test("outside preview, mockOutputs feed dependants, and an additionalSecretOutput arrives secret", async () => {
    const regs = await runProgram(
        () => {
            const alpha = new Widget("alpha", { name: "a" }, { additionalSecretOutputs: ["token"] });
            new Widget("beta", { name: alpha.token });
        },
        { project, stack, mockOutputs: ({ name }) => ({ token: `tok-${name}` }) },
    );

    const beta = regs.find((r) => r.name === "beta");
    assert.ok(beta);
    assert.deepEqual(beta.unknownInputs, []);
    assert.deepEqual(beta.secretInputs, ["name"]);
    assert.deepEqual(beta.inputs["name"], {
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        value: "tok-alpha",
    });
});

void test("a failing program rejects runProgram", async () => {
    await assert.rejects(
        runProgram(
            () => {
                throw new Error("program bug");
            },
            { project, stack },
        ),
        /program bug/,
    );
});

void test("a provider whose closure cannot be serialized fails runProgram with the serializer's explanation", async () => {
    const bound = Math.max.bind(Math); // native code: the closure serializer refuses it
    const provider: pulumi.dynamic.ResourceProvider = {
        async create(inputs: Record<string, unknown>) {
            return { id: String(bound(1, 2)), outs: inputs };
        },
    };
    class Unserializable extends pulumi.dynamic.Resource {
        constructor(name: string) {
            super(provider, name, {}, undefined, "harness", "Unserializable");
        }
    }
    await assert.rejects(
        runProgram(
            () => {
                new Unserializable("u");
            },
            { project, stack },
        ),
        /error serializing property "__provider"[\s\S]*captured/,
    );
});
