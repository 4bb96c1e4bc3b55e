import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FaultInjector } from "../../../testing/keyvault/faults";
import { matchRoute } from "../../../testing/keyvault/routes";

void describe("REST routes", () => {
    void it("maps the certificate operations the SDK uses, including the empty-version latest read", () => {
        assert.deepEqual(matchRoute("POST", "/certificates/api/import"), { operation: "import", name: "api" });
        assert.deepEqual(matchRoute("GET", "/certificates/api"), { operation: "getCertificate", name: "api" });
        assert.deepEqual(matchRoute("GET", "/certificates/api/"), { operation: "getCertificate", name: "api" });
        assert.deepEqual(matchRoute("GET", "/certificates/api/abc123"), {
            operation: "getVersion",
            name: "api",
            version: "abc123",
        });
        assert.deepEqual(matchRoute("GET", "/certificates/api/versions"), { operation: "listVersions", name: "api" });
        assert.deepEqual(matchRoute("PATCH", "/certificates/api/"), { operation: "update", name: "api", version: "" });
        assert.deepEqual(matchRoute("PATCH", "/certificates/api/abc"), {
            operation: "update",
            name: "api",
            version: "abc",
        });
        assert.deepEqual(matchRoute("DELETE", "/certificates/api"), { operation: "delete", name: "api" });
        assert.deepEqual(matchRoute("GET", "/deletedcertificates/api"), { operation: "getDeleted", name: "api" });
        assert.deepEqual(matchRoute("DELETE", "/deletedcertificates/api"), { operation: "purge", name: "api" });
        assert.deepEqual(matchRoute("POST", "/deletedcertificates/api/recover"), { operation: "recover", name: "api" });
        assert.deepEqual(matchRoute("GET", "/secrets/api/"), { operation: "getSecret", name: "api", version: "" });
        assert.deepEqual(matchRoute("GET", "/secrets/api/abc"), {
            operation: "getSecret",
            name: "api",
            version: "abc",
        });
        assert.deepEqual(matchRoute("GET", "/certificates/"), { operation: "listCertificates" });
        assert.deepEqual(matchRoute("GET", "/deletedcertificates"), { operation: "listDeleted" });
        assert.equal(matchRoute("DELETE", "/certificates/api/abc"), undefined);
        assert.equal(matchRoute("GET", "/keys/api"), undefined);
    });
});

void describe("fault injector", () => {
    void it("lets afterCalls pass, then fires `times`, then retires the fault", () => {
        const faults = new FaultInjector();
        faults.inject({ operation: "import", kind: "internal", afterCalls: 1 });
        assert.equal(faults.decide("import").fault, undefined);
        assert.equal(faults.decide("import").fault?.kind, "internal");
        assert.equal(faults.decide("import").fault, undefined);
        assert.deepEqual(faults.pending(), []);
    });

    void it("counts only calls of its own operation and sums latency alongside one terminal fault", () => {
        const faults = new FaultInjector();
        faults.inject({ operation: "getCertificate", kind: "latency", latencyMs: 30, times: 2 });
        faults.inject({ operation: "getCertificate", kind: "throttle", times: 1 });
        faults.inject({ operation: "getCertificate", kind: "internal", times: 1 });
        assert.equal(faults.decide("import").fault, undefined);
        const first = faults.decide("getCertificate");
        assert.deepEqual([first.delayMs, first.fault?.kind], [30, "throttle"]);
        const second = faults.decide("getCertificate");
        assert.deepEqual([second.delayMs, second.fault?.kind], [30, "internal"]);
        assert.deepEqual(faults.decide("getCertificate"), { delayMs: 0, fault: undefined });
    });

    void it("keeps an Infinity fault until cleared, and refuses ackNotLatest outside import", () => {
        const faults = new FaultInjector();
        faults.inject({ operation: "delete", kind: "reset", times: Infinity });
        for (let i = 0; i < 5; i++) assert.equal(faults.decide("delete").fault?.kind, "reset");
        faults.clear();
        assert.equal(faults.decide("delete").fault, undefined);
        assert.throws(
            () => faults.inject({ operation: "getCertificate", kind: "ackNotLatest" }),
            /import operation only/,
        );
    });
});
