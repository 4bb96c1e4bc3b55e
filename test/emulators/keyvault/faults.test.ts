/**
 * Every fault kind as the real SDK experiences it, plus the call log and
 * out-of-band writers. SDK retries are on by default (3): tests that want
 * to see a single fault surface pass maxRetries 0.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { errorOf, runSdkChild, valueOf, type SdkCertificateSummary, type SdkStep } from "./sdk-plan";
import { createChainedTestCertificate, type TestCertificate } from "../../../testing/pki";
import { vaultRequest } from "../../../testing/keyvault/vault-request";
import { startAzureWorld, type AzureWorld } from "../../../testing/keyvault/world";

void describe("injected faults seen through the SDK", () => {
    let world: AzureWorld;
    let a: TestCertificate;
    let b: TestCertificate;

    before(async () => {
        world = await startAzureWorld();
        [a, b] = await Promise.all([createChainedTestCertificate(), createChainedTestCertificate()]);
        world.keyVault.importOutOfBand("faulty", { pfxBase64: a.pfxBase64() });
    });
    after(async () => {
        await world.close();
    });
    beforeEach(() => {
        world.keyVault.clearFaults();
        world.keyVault.resetCalls();
        world.keyVault.setLatency(0);
    });

    const sdk = (steps: SdkStep[], maxRetries?: number) =>
        runSdkChild(world.childEnv("client_secret"), {
            vaultUrl: world.vaultUrl,
            credential: "client_secret",
            maxRetries,
            steps,
        });
    const statuses = (operation: string) =>
        world.keyVault
            .calls()
            .log.filter((r) => r.operation === operation && !r.challenged)
            .map((r) => r.status);

    void it("throttle answers 429 with Retry-After; the SDK waits and retries", async () => {
        world.keyVault.injectFault({ operation: "getCertificate", kind: "throttle", retryAfterSeconds: 1 });
        const started = Date.now();
        const results = await sdk([{ op: "get", name: "faulty" }]);
        assert.ok(results[0].ok);
        assert.deepEqual(statuses("getCertificate"), [429, 200]);
        assert.ok(Date.now() - started >= 1000, "the SDK honoured Retry-After");
        world.keyVault.injectFault({ operation: "getCertificate", kind: "throttle", times: Infinity });
        const throttled = errorOf((await sdk([{ op: "get", name: "faulty" }], 0))[0]);
        assert.deepEqual([throttled.statusCode, throttled.code], [429, "Throttled"]);
    });

    void it("internal answers 500 InternalServerError", async () => {
        world.keyVault.injectFault({ operation: "getVersion", kind: "internal" });
        const version = world.keyVault.latest("faulty")?.version ?? "";
        const error = errorOf((await sdk([{ op: "getVersion", name: "faulty", version }], 0))[0]);
        assert.deepEqual([error.statusCode, error.code], [500, "InternalServerError"]);
    });

    void it("latency delays one operation; setLatency delays every request", async () => {
        world.keyVault.injectFault({ operation: "getCertificate", kind: "latency", latencyMs: 300 });
        let started = Date.now();
        assert.equal((await vaultRequest(world, "GET", "/certificates/faulty/")).status, 200);
        assert.ok(Date.now() - started >= 300);
        started = Date.now();
        await vaultRequest(world, "GET", "/certificates/faulty/");
        assert.ok(Date.now() - started < 300, "the latency fault fired once");
        world.keyVault.setLatency(200);
        started = Date.now();
        await vaultRequest(world, "GET", "/certificates/faulty/versions");
        assert.ok(Date.now() - started >= 200);
    });

    void it("reset drops the connection without an answer; with retries the SDK recovers", async () => {
        world.keyVault.injectFault({ operation: "getCertificate", kind: "reset" });
        const error = errorOf((await sdk([{ op: "get", name: "faulty" }], 0))[0]);
        assert.match(`${error.code ?? ""} ${error.message}`, /ECONNRESET|socket hang up|closed/i);
        assert.deepEqual(statuses("getCertificate"), [0]);
        world.keyVault.resetCalls();
        world.keyVault.injectFault({ operation: "getCertificate", kind: "reset" });
        assert.ok((await sdk([{ op: "get", name: "faulty" }]))[0].ok);
        assert.deepEqual(statuses("getCertificate"), [0, 200]);
    });

    void it("forbidden answers 403 ForbiddenByRbac for the operation's data action whoever calls", async () => {
        world.keyVault.injectFault({ operation: "update", kind: "forbidden" });
        const error = errorOf((await sdk([{ op: "update", name: "faulty", tags: { x: "y" } }], 0))[0]);
        assert.equal(error.innerCode, "ForbiddenByRbac");
        assert.ok(error.message.includes("Action: 'Microsoft.KeyVault/vaults/certificates/update/action'"));
    });

    void it("ackNotLatest acknowledges the import, but another writer's version becomes latest", async () => {
        const before = world.keyVault.latest("faulty");
        world.keyVault.injectFault({ operation: "import", kind: "ackNotLatest" });
        const results = await sdk([
            { op: "import", name: "faulty", pfxBase64: b.pfxBase64(), tags: { mine: "yes" } },
            { op: "get", name: "faulty" },
        ]);
        const acked = valueOf<SdkCertificateSummary>(results[0]);
        const latest = valueOf<SdkCertificateSummary>(results[1]);
        assert.equal(acked.x5tHex, b.x5tHex);
        assert.notEqual(latest.version, acked.version);
        assert.equal(latest.x5tHex, before?.x5tHex, "the racing writer re-imported the previous certificate");
        assert.deepEqual(
            world.keyVault
                .versions("faulty")
                .slice(-2)
                .map((v) => v.source),
            ["import", "racer"],
        );

        world.keyVault.injectFault({ operation: "import", kind: "ackNotLatest" });
        const fresh = await sdk([
            { op: "import", name: "fresh-race", pfxBase64: b.pfxBase64() },
            { op: "get", name: "fresh-race" },
        ]);
        assert.notEqual(
            valueOf<SdkCertificateSummary>(fresh[1]).x5tHex,
            b.x5tHex,
            "on a new name the racer brings its own certificate",
        );
    });

    void it("afterCalls fails only a later call: the second import (a rollback) answers 500", async () => {
        world.keyVault.injectFault({ operation: "import", kind: "internal", afterCalls: 1 });
        const results = await sdk(
            [
                { op: "import", name: "rollback", pfxBase64: a.pfxBase64() },
                { op: "import", name: "rollback", pfxBase64: b.pfxBase64() },
                { op: "import", name: "rollback", pfxBase64: b.pfxBase64() },
            ],
            0,
        );
        assert.deepEqual(
            results.map((r) => r.ok),
            [true, false, true],
        );
        assert.deepEqual(statuses("import"), [200, 500, 200]);
        assert.equal(world.keyVault.calls().counts.import, 3);
        assert.deepEqual(world.keyVault.pendingFaults(), []);
    });

    void it("an out-of-band writer adds a version the SDK then reads as latest (drift)", async () => {
        const ours = valueOf<SdkCertificateSummary>(
            (await sdk([{ op: "import", name: "drift", pfxBase64: a.pfxBase64() }]))[0],
        );
        const theirs = world.keyVault.importOutOfBand("drift", {
            pem: b.pemBundle(),
            tags: { writer: "someone-else" },
        });
        const latest = valueOf<SdkCertificateSummary>((await sdk([{ op: "get", name: "drift" }]))[0]);
        assert.notEqual(latest.version, ours.version);
        assert.equal(latest.version, theirs.version);
        assert.deepEqual(latest.tags, { writer: "someone-else" });
        assert.equal(theirs.source, "outOfBand");
        assert.equal(
            world.keyVault.calls().log.filter((r) => r.operation === "import").length,
            2,
            "out-of-band imports are not calls",
        );
    });
});
