import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { differences, normaliseSerial, pathMatches } from "./normalise";

void describe("serial normalisation", () => {
    void it("maps ACM's colon hex, Node's uppercase hex and moto's decimal to one form", () => {
        assert.equal(normaliseSerial("0f:a3:19"), "fa319");
        assert.equal(normaliseSerial("0FA319"), "fa319");
        assert.equal(normaliseSerial("00:0F:A3:19"), "fa319");
        assert.equal(normaliseSerial("1024793"), "fa319");
        assert.equal(
            normaliseSerial("59:b6:bb:7b:09:2f:fa:9c:ad:63:07:b0:f4:d3:d4:c7"),
            normaliseSerial("119250092211614091517434805186351846599"),
        );
    });
});

void describe("observation diffing", () => {
    void it("reports leaf paths, and `*` matches one index", () => {
        const found = differences({ a: [{ b: 1 }, { b: 2 }], c: "x" }, { a: [{ b: 1 }, { b: 3 }] });
        assert.deepEqual(
            found.map((d) => d.path),
            ["a[1].b", "c"],
        );
        assert.ok(pathMatches("a[*].b", "a[1].b"));
        assert.ok(!pathMatches("a[*].b", "a[1].b.c"));
        assert.ok(pathMatches("output.Certificate.Serial", "output.Certificate.Serial"));
    });
});
