/**
 * Serving checks, Azure Key Vault (DESIGN.md §10), through the harness engine
 * and the real provider host, against loopback TLS servers standing in for an
 * Application Gateway. Every test reads the versions the emulator holds
 * afterwards (leaf, chain, tags of the latest one, how many there are).
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { declare, keyVaultCertificate, certificateInputs } from "../programs/spec";
import type { Args } from "../programs/spec";
import type { ProgramRun } from "../harness/engine";
import { AzureWorld, startAzureWorld } from "../../testing/keyvault/world";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { ServingServer, startServingServer, startSilentServer } from "../fixtures/serving-server";
import { keyVaultLive, pemIdentity, stateIdentity } from "./live-identity";
import { SERVING_ENV, served, statusesOf, stepsOf, unhex } from "./serving-outputs";
import { TestStack } from "./stack";

const NAME = "api-prod";
const VAULT = "prod-vault";

describe("Serving checks (Key Vault): is the deployed certificate what clients see", () => {
    let world: AzureWorld;
    let stack: TestStack;
    let v1: Hierarchy;
    let v2: Hierarchy;
    let other: Hierarchy;
    let agw: ServingServer;

    before(async () => {
        const rsa = { kind: "rsa", bits: 2048 } as const;
        [v1, v2, other] = await Promise.all([
            hierarchy("api.example.com", rsa),
            hierarchy("api.example.com", rsa),
            hierarchy("api.example.com", rsa),
        ]);
    });
    beforeEach(async () => {
        world = await startAzureWorld({ vaults: [VAULT] });
        agw = await startServingServer(served(v1));
        stack = new TestStack({ ...world.env("managed_identity"), ...SERVING_ENV });
    });
    afterEach(async () => {
        await Promise.all([world.close(), agw.close()]);
        stack.cleanup();
    });

    const program = (h: Hierarchy, extra: Args = {}): ProgramRun =>
        declare([
            keyVaultCertificate("agw", {
                vaultUrl: world.vault(VAULT),
                certificateName: NAME,
                ...certificateInputs(h),
                tags: { env: "production" },
                credentialMode: "managed_identity",
                ...extra,
            }),
        ]);
    const checks = (check: Record<string, unknown> = {}) => ({
        servingChecks: [{ endpoint: agw.endpoint, timeoutSeconds: 2, ...check }],
    });
    const kv = () => world.keyVaultFor(VAULT);
    const outs = () => stack.outputs("agw");
    const lastResult = (): string => (outs().lastDeployment as { result: string }).result;
    const leafOf = (h: Hierarchy): string => pemIdentity(h.leaf.certPem).leaf;
    const versionLeaves = (): string[] =>
        kv()
            .versions(NAME)
            .map((v) => v.fingerprintSha256Hex);
    /** The latest version holds `h`'s leaf and chain with the user's tags, and state names that version. */
    const assertLatest = (h: Hierarchy): void => {
        const live = kv().latest(NAME);
        assert.ok(live, "a version is latest");
        assert.deepEqual(
            keyVaultLive(live),
            pemIdentity(h.leaf.certPem, h.chainPem),
            "the latest PFX holds the leaf and chain",
        );
        assert.equal(live.tags.env, "production");
        const state = stateIdentity(outs());
        assert.equal(outs().version, live.version, "state names the latest version");
        assert.deepEqual({ leaf: state.leaf, chain: state.chain }, keyVaultLive(live));
    };

    it("a check that matches: succeeded, servingStatus names the served leaf", async () => {
        const result = await stack.up(program(v1, checks({ required: true, serverName: "api.example.com" })));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assertLatest(v1);
        const [status] = statusesOf(outs());
        assert.deepEqual(
            [status.endpoint, status.matched, unhex(status.servedFingerprintSha256)],
            [agw.endpoint, true, leafOf(v1)],
        );
        assert.deepEqual(agw.serverNames(), ["api.example.com"], "the serverName is sent as SNI");
        assert.deepEqual(stepsOf(outs()).at(-1), ["serving", true]);
    });

    it("an optional check that does not match warns, and the deployment succeeds", async () => {
        agw.serve(served(other));
        const result = await stack.up(program(v1, checks()));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assertLatest(v1);
        assert.equal(lastResult(), "succeeded");
        const [status] = statusesOf(outs());
        assert.deepEqual([status.matched, unhex(status.servedFingerprintSha256)], [false, leafOf(other)]);
        assert.match(
            stack.hostLogs(),
            new RegExp(`warning: KeyVaultCertificate .*${agw.endpoint} does not serve the deployed certificate`),
        );
    });

    it("a required check that does not match rolls an update back: v1 is the latest version again", async () => {
        assert.equal((await stack.up(program(v1, checks({ required: true })))).ok, true);
        const result = await stack.up(program(v2, checks({ required: true, timeoutSeconds: 1 })));
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /required serving check failed/);
        assert.equal(lastResult(), "rolled_back");
        assert.deepEqual(
            versionLeaves(),
            [leafOf(v1), leafOf(v2), leafOf(v1)],
            "v2 was imported, then v1 again as the latest version",
        );
        assertLatest(v1);
    });

    it("a required check that does not match on a fresh create leaves no version and no resource", async () => {
        agw.serve(served(other));
        const result = await stack.up(program(v1, checks({ required: true, timeoutSeconds: 1 })));
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /required serving check failed/);
        assert.equal(kv().latest(NAME), undefined, "no version is live");
        assert.deepEqual(kv().versions(NAME), []);
        assert.equal(kv().deleted(NAME), undefined, "the new name was purged, so a next create can use it");
        assert.equal(stack.customResources().length, 0, "no id in state");
        agw.serve(served(v1));
        const again = await stack.up(program(v1, checks({ required: true })));
        assert.equal(again.ok, true, again.errors.join("\n"));
        assertLatest(v1);
    });

    it("a server that switches certificates mid-poll is matched once it serves the new version's leaf", async () => {
        assert.equal((await stack.up(program(v1, checks({ required: true })))).ok, true);
        const connections = agw.connections();
        agw.serveAfter(3, served(v2));
        const result = await stack.up(program(v2, checks({ required: true, timeoutSeconds: 20 })));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assertLatest(v2);
        assert.equal(unhex(statusesOf(outs())[0].servedFingerprintSha256), leafOf(v2));
        assert.ok(agw.connections() - connections >= 4, "it polled the old certificate first");
    });

    it("an unreachable (blackholed) required endpoint fails within its timeout with a clear message, and rolls back", async () => {
        assert.equal((await stack.up(program(v1))).ok, true);
        const silent = await startSilentServer();
        try {
            const t0 = performance.now();
            const result = await stack.up(
                program(v2, { servingChecks: [{ endpoint: silent.endpoint, timeoutSeconds: 2, required: true }] }),
            );
            const elapsed = performance.now() - t0;
            assert.equal(result.ok, false);
            assert.match(result.errors.join("\n"), /no TLS handshake with 127\.0\.0\.1:\d+ within \d+ ms/);
            assertLatest(v1);
            assert.ok(elapsed < 20_000, `the whole up took ${Math.round(elapsed)} ms`);
        } finally {
            await silent.close();
        }
    });

    it("a change of servingChecks alone re-runs the checks and imports no version", async () => {
        assert.equal((await stack.up(program(v1))).ok, true);
        kv().resetCalls();
        const result = await stack.up(program(v1, checks({ required: true })));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.equal(kv().calls().counts.import, 0, "no importCertificate");
        assert.equal(kv().versions(NAME).length, 1);
        assert.equal(statusesOf(outs())[0].matched, true);
        assertLatest(v1);
        const removed = await stack.up(program(v1));
        assert.equal(removed.ok, true, removed.errors.join("\n"));
        assert.equal(outs().servingStatus, undefined, "no checks, no status");
    });
});
