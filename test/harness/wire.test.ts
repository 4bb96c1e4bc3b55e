import { test } from "node:test";
import assert from "node:assert/strict";
import {
    annotateSecrets,
    changedKeys,
    makeSecret,
    markAdditionalSecrets,
    removeSecrets,
    toPropertyMap,
    UNKNOWN,
    unknownKeys,
} from "./wire";

void test("annotateSecrets wraps an output whose same-named input held a secret anywhere, and recurses when both are objects", () => {
    const ins = {
        key: makeSecret("k"),
        tags: { env: "prod", owner: makeSecret("me") },
        list: ["a", makeSecret("b")],
        plain: "p",
    };
    const outs = { key: "k", tags: { env: "prod", owner: "me" }, list: ["b", "a"], plain: "p", extra: "x" };
    assert.deepEqual(annotateSecrets(outs, ins), {
        key: makeSecret("k"),
        tags: { env: "prod", owner: makeSecret("me") },
        list: makeSecret(["b", "a"]),
        plain: "p",
        extra: "x",
    });
});

void test("a secret object input wraps the whole output object; an already secret output is not wrapped twice", () => {
    assert.deepEqual(annotateSecrets({ o: { a: 1 } }, { o: makeSecret({ a: 1 }) }), { o: makeSecret({ a: 1 }) });
    assert.deepEqual(annotateSecrets({ k: makeSecret("v") }, { k: makeSecret("v") }), { k: makeSecret("v") });
});

void test("additionalSecretOutputs wrap top-level outputs, never id, and ignore absent names", () => {
    assert.deepEqual(markAdditionalSecrets({ id: "i", arn: "a" }, ["id", "arn", "missing"]), {
        id: "i",
        arn: makeSecret("a"),
    });
});

void test("removeSecrets opens every envelope; unknowns and changed keys are found at any depth", () => {
    assert.deepEqual(removeSecrets({ a: makeSecret({ b: makeSecret(1) }) }), { a: { b: 1 } });
    assert.deepEqual(unknownKeys({ a: "x", b: [UNKNOWN], c: { d: UNKNOWN } }), ["b", "c"]);
    assert.deepEqual(changedKeys({ a: makeSecret("1"), b: 2 }, { a: "1", b: 3, c: 4 }), ["b", "c"]);
});

void test("toPropertyMap drops undefined members as the wire does and rejects what the wire cannot carry", () => {
    assert.deepEqual(toPropertyMap({ a: undefined, b: { c: undefined, d: 1 } }), { b: { d: 1 } });
    assert.throws(() => toPropertyMap({ n: Number.NaN }), /non-finite/);
    assert.throws(() => toPropertyMap({ f: () => 1 }), /not representable/);
});
