/**
 * KeyVaultCertificate through the native plugin: launched as the engine
 * launches a nodejs plugin, driven over gRPC (plugin-engine.ts), reaching the
 * Key Vault and token emulators at https://<vault>.vault.azure.net through the
 * loopback CONNECT proxy. Every test reads the versions that exist afterwards.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AzureWorld, startAzureWorld } from "../../testing/keyvault/world";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { PluginEngine } from "../harness/plugin-engine";
import { isSecret, makeSecret, type PropertyMap } from "../harness/wire";
import { ders, leafFingerprint, sha1Hex } from "./live";

const TYPE = "certdeploy:index:KeyVaultCertificate";
const PROJECT = "certdeploy-plugin";
const NAME = "api-prod";
const VAULT = "prod-vault";
// Verify cannot read (4 attempts, each an HTTP call plus one SDK retry) while our new version is latest.
const blindVerify = { operation: "getCertificate" as const, kind: "internal" as const, afterCalls: 1, times: 8 };

describe("KeyVaultCertificate through the native plugin", () => {
    let world: AzureWorld;
    let v1: Hierarchy;
    let v2: Hierarchy;
    let v3: Hierarchy;
    let engine: PluginEngine;

    before(async () => {
        [v1, v2, v3] = await Promise.all([
            hierarchy("api.example.com", { kind: "rsa", bits: 2048 }),
            hierarchy("api.example.com", { kind: "rsa", bits: 2048 }),
            hierarchy("api.example.com", { kind: "rsa", bits: 2048 }),
        ]);
    });
    beforeEach(async () => {
        world = await startAzureWorld({ vaults: [VAULT] });
        // credentialMode "default" (DefaultAzureCredential): what an import, which has no inputs, uses too.
        engine = new PluginEngine({
            project: PROJECT,
            env: {
                ...world.env("default"),
                CERTDEPLOY_VERIFY_DELAY_MS: "20",
                CERTDEPLOY_AZURE_MAX_RETRIES: "1",
                CERTDEPLOY_AZURE_POLL_MS: "20",
            },
        });
    });
    afterEach(async () => {
        await world.close();
    });

    const kv = () => world.keyVaultFor(VAULT);
    const versions = () => kv().versions(NAME);
    const inputs = (h: Hierarchy, extra: PropertyMap = {}): PropertyMap => ({
        vaultUrl: world.vault(VAULT),
        certificateName: NAME,
        certificatePem: h.leaf.certPem,
        privateKeyPem: makeSecret(h.leaf.keyPem),
        chainPem: h.chainPem,
        tags: { env: "production" },
        ...extra,
    });
    const program = (h: Hierarchy, extra: PropertyMap = {}) => [{ type: TYPE, name: "agw", inputs: inputs(h, extra) }];
    const assertLatest = (h: Hierarchy): void => {
        const latest = kv().latest(NAME);
        assert.ok(latest, "a version is live");
        assert.equal(latest.x5tHex, sha1Hex(h), "latest version is the intended certificate");
        assert.equal(latest.fingerprintSha256Hex.replace(/:/g, "").toLowerCase(), leafFingerprint(h).replace(/:/g, ""));
        assert.equal(latest.tags["certdeploy-certificate-id"], `${PROJECT}/dev/agw`);
        assert.equal(engine.outputs("agw").thumbprint, latest.x5tHex.toUpperCase(), "state says what is live");
        assert.equal(engine.outputs("agw").version, latest.version);
    };

    it("creates, rotates, rolls back, refreshes and deletes, with the key sealed as a secret throughout", async () => {
        const created = await engine.up(program(v1));
        assert.equal(created.ok, true, created.errors.join("\n"));
        assert.equal(versions().length, 1);
        assertLatest(v1);
        assert.equal(kv().latest(NAME)!.tags.env, "production");
        const outs = engine.outputs("agw");
        assert.equal(outs.versionlessId, `https://${VAULT}.vault.azure.net/certificates/${NAME}`);
        assert.equal(outs.versionlessSecretId, `https://${VAULT}.vault.azure.net/secrets/${NAME}`);
        assert.ok(
            isSecret(engine.resource("agw").outputs.privateKeyPem),
            "privateKeyPem leaves the plugin only as a secret",
        );

        const rotated = await engine.up(program(v2));
        assert.equal(rotated.ok, true, rotated.errors.join("\n"));
        assert.deepEqual(
            versions().map((v) => v.x5tHex),
            [sha1Hex(v1), sha1Hex(v2)],
        );
        assertLatest(v2);
        assert.equal(engine.outputs("agw").versionlessSecretId, outs.versionlessSecretId, "consumers keep their id");

        kv().injectFault(blindVerify);
        const failed = await engine.up(program(v3));
        assert.equal(failed.ok, false);
        assert.match(failed.errors.join("\n"), /Rolled back/);
        assert.deepEqual(
            versions().map((v) => v.x5tHex),
            [sha1Hex(v1), sha1Hex(v2), sha1Hex(v3), sha1Hex(v2)],
            "v3 imported, then v2 re-imported from the sealed key in state",
        );
        assertLatest(v2);
        assert.equal((engine.outputs("agw").lastDeployment as { result: string }).result, "rolled_back");
        assert.ok(isSecret(engine.resource("agw").outputs.privateKeyPem));

        kv().importOutOfBand(NAME, { pem: v3.leaf.keyPem + v3.leaf.certPem });
        const refreshed = await engine.refresh();
        assert.equal(refreshed.ok, true, refreshed.errors.join("\n"));
        assert.equal(engine.outputs("agw").version, kv().latest(NAME)!.version, "refresh records the latest version");
        assert.equal(engine.outputs("agw").thumbprint, sha1Hex(v3).toUpperCase());
        assert.deepEqual(ders(engine.outputs("agw").certificatePem as string), [Buffer.from(v3.leaf.cert.rawData)]);

        // The live version is one a person imported (no claim of this instance): destroy retains the name (DESIGN.md §8).
        const destroyed = await engine.destroy();
        assert.equal(destroyed.ok, true, destroyed.errors.join("\n"));
        assert.equal(kv().latest(NAME)?.x5tHex, sha1Hex(v3), "retained: the out-of-band version stays live");
        assert.equal(kv().deleted(NAME), undefined, "not soft-deleted");
    });

    it("a new certificate name is a replacement, and the detailed diff names certificateName as the cause", async () => {
        const created = await engine.up(program(v1));
        assert.equal(created.ok, true, created.errors.join("\n"));
        const preview = await engine.preview(program(v1, { certificateName: "api-next", tags: { env: "staging" } }));
        assert.equal(preview.ok, true, preview.errors.join("\n"));
        const diff = preview.steps[0].diff!;
        assert.equal(preview.steps[0].op, "replace");
        assert.deepEqual(diff.replaces, ["certificateName"]);
        assert.deepEqual(diff.detailedDiff, {
            certificateName: { kind: "update-replace", inputDiff: true },
            tags: { kind: "update", inputDiff: true },
        });
        const caseOnly = await engine.preview(
            program(v1, { vaultUrl: world.vault(VAULT).toUpperCase().replace("HTTPS", "https") }),
        );
        assert.equal(caseOnly.steps[0].op, "same", "a vault URL differing only in case is the same vault");
        assert.equal(versions().length, 1, "preview wrote nothing");
    });

    it("imports an existing certificate by its version-less id; the first up adopts, rotates and verifies it", async () => {
        kv().importOutOfBand(NAME, { pem: v1.leaf.keyPem + v1.leaf.certPem, tags: { team: "edge" } });
        const id = `https://${VAULT}.vault.azure.net/certificates/${NAME}`;
        const imported = await engine.import(TYPE, "agw", id);
        assert.equal(imported.ok, true, imported.errors.join("\n"));
        const state = engine.resource("agw");
        assert.equal(state.id, id);
        assert.equal(state.inputs.vaultUrl, `https://${VAULT}.vault.azure.net`);
        assert.equal(state.inputs.certificateName, NAME);
        assert.deepEqual(ders(state.inputs.certificatePem as string), [Buffer.from(v1.leaf.cert.rawData)]);
        assert.deepEqual(state.inputs.tags, { team: "edge" });
        assert.equal(state.inputs.privateKeyPem, undefined, "no key is read");
        assert.equal(engine.outputs("agw").thumbprint, sha1Hex(v1).toUpperCase());
        assert.equal(versions().length, 1, "import wrote nothing");

        const same = await engine.up([{ type: TYPE, name: "agw", inputs: state.inputs }]);
        assert.equal(same.ok, true, same.errors.join("\n"));
        assert.equal(same.steps[0].op, "same", "the generated program (no key) changes nothing");

        const adopted = await engine.up(program(v2, { tags: { team: "edge" } }));
        assert.equal(adopted.ok, true, adopted.errors.join("\n"));
        assert.equal(versions().length, 2);
        assertLatest(v2);
        assert.equal(kv().latest(NAME)!.tags.team, "edge");
        assert.equal((engine.outputs("agw").lastDeployment as { result: string }).result, "succeeded");
        assert.ok(isSecret(engine.resource("agw").outputs.privateKeyPem));
    });

    it("an import adopted with its own certificate and key claims the latest version without a new one", async () => {
        kv().importOutOfBand(NAME, { pem: v1.leaf.keyPem + v1.leaf.certPem });
        assert.equal(
            (await engine.import(TYPE, "agw", `https://${VAULT}.vault.azure.net/certificates/${NAME}`)).ok,
            true,
        );
        // The program supplies what is live (leaf and key, no chain): nothing to import. A chain the vault cannot show
        // would need a new version (DESIGN.md §7), which the import-then-rotate test covers.
        const { chainPem: _chain, ...leafAndKey } = inputs(v1, { tags: {} });
        const adopted = await engine.up([{ type: TYPE, name: "agw", inputs: leafAndKey }]);
        assert.equal(adopted.ok, true, adopted.errors.join("\n"));
        assert.equal(versions().length, 1, "nothing imported: the live certificate is the one supplied");
        assertLatest(v1);
        assert.ok(isSecret(engine.resource("agw").outputs.privateKeyPem), "state now holds the key a rollback needs");
    });
});
