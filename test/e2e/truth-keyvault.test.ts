/**
 * Truth, Azure Key Vault: the deployments a serial or leaf-only comparison
 * got wrong (issue "Truth"), through the harness engine and the real provider
 * host. Every test reads the versions the emulator holds afterwards — which
 * leaf and chain the latest version's PFX carries, its tags, the version list
 * — and checks that state says exactly that.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { keyVaultCertificate, declare, secret } from "../programs/spec";
import type { ProgramRun } from "../harness/engine";
import type { Args } from "../programs/spec";
import { AzureWorld, startAzureWorld } from "../../testing/keyvault/world";
import { hierarchy, Hierarchy, issue } from "../../testing/pki";
import { keyVaultLive, pemIdentity, stateIdentity } from "./live-identity";
import { TestStack } from "./stack";

const NAME = "api-prod";
const VAULT = "prod-vault";

interface Material {
    certPem: string;
    keyPem: string;
    chainPem?: string;
}
const material = (h: Hierarchy, chainPem: string | undefined = h.chainPem): Material => ({
    certPem: h.leaf.certPem,
    keyPem: h.leaf.keyPem,
    chainPem,
});

describe("Truth (Key Vault): state says what the latest version holds", () => {
    let world: AzureWorld;
    let v1: Hierarchy;
    let stack: TestStack;

    before(async () => {
        v1 = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
    });
    beforeEach(async () => {
        world = await startAzureWorld({ vaults: [VAULT] });
        stack = new TestStack(world.env("managed_identity"));
    });
    afterEach(async () => {
        await world.close();
        stack.cleanup();
    });

    const program = (m: Material, extra: Args = {}): ProgramRun =>
        declare([
            keyVaultCertificate("agw", {
                vaultUrl: world.vault(VAULT),
                certificateName: NAME,
                certificatePem: m.certPem,
                privateKeyPem: secret(m.keyPem),
                chainPem: m.chainPem,
                tags: { env: "production" },
                credentialMode: "managed_identity",
                ...extra,
            }),
        ]);
    const kv = () => world.keyVaultFor(VAULT);
    const latest = () => {
        const v = kv().latest(NAME);
        assert.ok(v, "a version is latest");
        return v;
    };
    const up = (m: Material, extra: Args = {}) => stack.up(program(m, extra));
    const lastResult = (): string => (stack.outputs("agw").lastDeployment as { result: string }).result;
    /** State names the latest version, its leaf and chain, its tags; its fingerprint agrees with its certificatePem. */
    const assertStateIsLatest = (): void => {
        const outs = stack.outputs("agw");
        const state = stateIdentity(outs);
        const live = latest();
        assert.equal(outs.version, live.version, "state names the latest version");
        assert.equal(String(outs.thumbprint).toUpperCase(), live.x5tHex.toUpperCase());
        assert.ok(state.fingerprintAgrees, "fingerprintSha256 is the fingerprint of certificatePem");
        assert.deepEqual(
            { leaf: state.leaf, chain: state.chain },
            keyVaultLive(live),
            "state's leaf and chain are those in the latest PFX",
        );
        const liveUserTags = Object.fromEntries(
            Object.entries(live.tags).filter(([k]) => !k.startsWith("certdeploy-")),
        );
        assert.deepEqual(outs.tags ?? {}, liveUserTags, "state's tags are the latest version's");
    };
    const created = async (m: Material): Promise<void> => {
        const result = await up(m);
        assert.equal(result.ok, true, result.errors.join("\n"));
    };

    it("1. a renewal that keeps the serial is a new version, in 3 API calls", async () => {
        await created(material(v1));
        const renewed = await issue({
            cn: "api.example.com",
            issuer: v1.intermediate,
            serial: v1.leaf.serial,
            key: { kind: "rsa", bits: 2048 },
        });
        const next = { certPem: renewed.certPem, keyPem: renewed.keyPem, chainPem: v1.chainPem };
        const result = await up(next);
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.equal(kv().versions(NAME).length, 2);
        assert.equal(keyVaultLive(latest()).leaf, pemIdentity(next.certPem).leaf);
        assert.equal((stack.outputs("agw").lastDeployment as { apiCalls: number }).apiCalls, 3);
        assertStateIsLatest();
    });

    it("2. a chain-only change is a new version whose PFX carries the new chain", async () => {
        await created(material(v1, v1.intermediate.certPem));
        const result = await up(material(v1, v1.chainPem));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.equal(kv().versions(NAME).length, 2);
        assert.deepEqual(keyVaultLive(latest()).chain, pemIdentity(v1.leaf.certPem, v1.chainPem).chain);
        assertStateIsLatest();
        const again = await up(material(v1, v1.chainPem));
        assert.equal(again.ok, true);
        assert.equal(kv().versions(NAME).length, 2, "the same leaf and chain again imports nothing");
    });

    it("3. a serial whose hex has only digits is output as that hex", async () => {
        const digits = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 }, { serial: "1000" });
        await created(material(digits));
        assert.equal(stack.outputs("agw").serial, "10:00");
        assert.equal(latest().serialHex, "1000");
        assertStateIsLatest();
    });

    it("4. stale reads beyond verify's patience: the old certificate is imported again as a version, and state names it", async () => {
        await created(material(v1));
        const v2 = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
        kv().injectFault({ operation: "getCertificate", kind: "staleRead", afterCalls: 1, times: 6 });
        const result = await up(material(v2));
        assert.equal(result.ok, false);
        assert.equal(lastResult(), "rolled_back");
        const versions = kv()
            .versions(NAME)
            .map((v) => v.fingerprintSha256Hex);
        const [f1, f2] = [pemIdentity(v1.leaf.certPem).leaf, pemIdentity(v2.leaf.certPem).leaf];
        assert.deepEqual(versions, [f1, f2, f1], "v1, v2, and v1 restored as a real version");
        assertStateIsLatest();
    });

    it("6. refresh after an out-of-band version rewrites every field derived from the certificate", async () => {
        await created(material(v1));
        const other = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
        kv().importOutOfBand(NAME, { pem: other.leaf.keyPem + other.leaf.certPem });
        const result = await stack.refresh();
        assert.equal(result.ok, true, result.errors.join("\n"));
        const outs = stack.outputs("agw");
        const state = stateIdentity(outs);
        assert.ok(state.fingerprintAgrees);
        assert.equal(state.leaf, keyVaultLive(latest()).leaf);
        assert.equal(outs.version, latest().version);
        const hex = latest().serialHex;
        assert.equal(outs.serial, (hex.length % 2 ? `0${hex}` : hex).match(/../g)!.join(":"));
        assert.equal(
            outs.chainPem,
            undefined,
            "the chain is not claimed: certdeploy cannot read it without the secret",
        );
    });

    it("7. a failed rotation's restored version carries the old tags, and state records them", async () => {
        await created(material(v1));
        const v2 = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
        kv().injectFault({ operation: "getCertificate", kind: "internal", afterCalls: 1, times: 8 });
        const result = await up(material(v2), { tags: { env: "staging" } });
        assert.equal(result.ok, false);
        assert.equal(lastResult(), "rolled_back");
        assert.equal(latest().tags.env, "production");
        assert.equal(keyVaultLive(latest()).leaf, pemIdentity(v1.leaf.certPem).leaf);
        assertStateIsLatest();
    });
});
