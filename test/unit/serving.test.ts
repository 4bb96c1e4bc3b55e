/**
 * The serving probe (provider/deploy/serving.ts) against loopback TLS servers:
 * it fingerprints the leaf an endpoint serves, sends SNI (none for an IP),
 * polls until a switch, and answers within a check's timeout when nothing answers.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { runServingChecks, waitUntilNotServed } from "../../provider/deploy/serving";
import { parseServingEndpoint, sniFor } from "../../provider/deploy/serving-endpoint";
import { sha256Fingerprint } from "../../provider/material/certificate";
import { hierarchy, Hierarchy } from "../../testing/pki";
import {
    closedPort,
    ServedMaterial,
    ServingServer,
    startServingServer,
    startSilentServer,
} from "../fixtures/serving-server";

const served = (h: Hierarchy): ServedMaterial => ({
    certPem: h.leaf.certPem,
    keyPem: h.leaf.keyPem,
    chainPem: h.chainPem,
});
const fingerprintOf = (h: Hierarchy): string => sha256Fingerprint(Buffer.from(h.leaf.cert.rawData));
const fast = { pollIntervalMs: 50, handshakeTimeoutMs: 1000 };

describe("serving checks: what an endpoint serves, by leaf fingerprint", () => {
    let v1: Hierarchy;
    let v2: Hierarchy;
    let server: ServingServer;

    before(async () => {
        [v1, v2] = await Promise.all([hierarchy("api.example.com"), hierarchy("api.example.com")]);
        server = await startServingServer(served(v1));
    });
    after(() => server.close());

    it("matches when the endpoint serves the deployed leaf, and reports its fingerprint", async () => {
        const [status] = await runServingChecks(
            [{ endpoint: server.endpoint, timeoutSeconds: 2 }],
            fingerprintOf(v1),
            fast,
        );
        assert.equal(status.matched, true);
        assert.equal(status.servedFingerprintSha256, fingerprintOf(v1));
        assert.equal(status.endpoint, server.endpoint);
        assert.equal(status.error, undefined);
        assert.ok(!Number.isNaN(Date.parse(status.checkedAt)));
    });

    it("does not match another leaf, and says which one was served once the timeout passes", async () => {
        const t0 = performance.now();
        const [status] = await runServingChecks(
            [{ endpoint: server.endpoint, timeoutSeconds: 0.5 }],
            fingerprintOf(v2),
            fast,
        );
        assert.equal(status.matched, false);
        assert.equal(status.servedFingerprintSha256, fingerprintOf(v1));
        assert.ok(performance.now() - t0 < 1500, "finished near its timeout");
    });

    it("sends the endpoint's host as SNI, the serverName when given, and none for an IP literal", async () => {
        const [connections, names] = [server.connections(), server.serverNames().length];
        await runServingChecks(
            [
                { endpoint: server.endpoint, timeoutSeconds: 0 },
                { endpoint: server.endpoint, serverName: "api.example.com", timeoutSeconds: 0 },
                { endpoint: `localhost:${server.port}`, timeoutSeconds: 0 },
            ],
            fingerprintOf(v1),
            fast,
        );
        assert.equal(server.connections() - connections, 3);
        assert.deepEqual(
            server.serverNames().slice(names).sort(),
            ["api.example.com", "localhost"],
            "the IP endpoint sent no SNI",
        );
        assert.equal(sniFor({ endpoint: "[::1]:443" }, parseServingEndpoint("[::1]:443")!), undefined);
    });

    it("matches once a server that switches certificates mid-poll serves the new leaf", async () => {
        const switching = await startServingServer(served(v1));
        try {
            const timer = setTimeout(() => switching.serve(served(v2)), 300);
            const [status] = await runServingChecks(
                [{ endpoint: switching.endpoint, timeoutSeconds: 5 }],
                fingerprintOf(v2),
                fast,
            );
            clearTimeout(timer);
            assert.equal(status.matched, true);
            assert.equal(status.servedFingerprintSha256, fingerprintOf(v2));
            assert.ok(switching.connections() >= 2, "it polled before the switch");
        } finally {
            await switching.close();
        }
    });

    it("waitUntilNotServed matches once the old leaf is no longer served", async () => {
        const switching = await startServingServer(served(v1));
        try {
            const timer = setTimeout(() => switching.serve(served(v2)), 200);
            const [status] = await waitUntilNotServed(
                [{ endpoint: switching.endpoint, timeoutSeconds: 5 }],
                fingerprintOf(v1),
                fast,
            );
            clearTimeout(timer);
            assert.equal(status.matched, true);
            assert.equal(status.servedFingerprintSha256, fingerprintOf(v2));
            const [still] = await waitUntilNotServed(
                [{ endpoint: switching.endpoint, timeoutSeconds: 0.3 }],
                fingerprintOf(v2),
                fast,
            );
            assert.equal(still.matched, false);
        } finally {
            await switching.close();
        }
    });

    it("an endpoint that refuses connections is not matched, with an error saying so, and no fingerprint", async () => {
        const port = await closedPort();
        const [status] = await runServingChecks(
            [{ endpoint: `127.0.0.1:${port}`, timeoutSeconds: 0.3 }],
            fingerprintOf(v1),
            fast,
        );
        assert.equal(status.matched, false);
        assert.equal(status.servedFingerprintSha256, "");
        assert.match(status.error ?? "", /ECONNREFUSED/);
    });

    it("a blackholed endpoint (accepts, never answers) finishes within its timeout, checks in parallel", async () => {
        const silent = await startSilentServer();
        try {
            const t0 = performance.now();
            const statuses = await runServingChecks(
                [
                    { endpoint: silent.endpoint, timeoutSeconds: 1 },
                    { endpoint: silent.endpoint, timeoutSeconds: 1 },
                    { endpoint: server.endpoint, timeoutSeconds: 1 },
                ],
                fingerprintOf(v1),
                { pollIntervalMs: 100, handshakeTimeoutMs: 10_000 },
            );
            const elapsed = performance.now() - t0;
            assert.ok(elapsed < 1300, `took ${Math.round(elapsed)} ms for 1 s timeouts`);
            assert.deepEqual(
                statuses.map((s) => s.matched),
                [false, false, true],
            );
            assert.match(statuses[0].error ?? "", /no TLS handshake with 127\.0\.0\.1:\d+ within/);
        } finally {
            await silent.close();
        }
    });

    it("parses host:port, [v6]:port, and refuses bad ports and hosts", () => {
        assert.deepEqual(parseServingEndpoint("api.example.com:443"), { host: "api.example.com", port: 443 });
        assert.deepEqual(parseServingEndpoint("[2001:db8::1]:8443"), { host: "2001:db8::1", port: 8443 });
        for (const bad of [
            "api.example.com",
            "api.example.com:0",
            "api.example.com:65536",
            "::1:443",
            "[not-v6]:443",
            "a b:443",
            "https://x:443",
            ":443",
        ]) {
            assert.equal(parseServingEndpoint(bad), undefined, bad);
        }
    });
});
