/**
 * KeyVaultCertificate onto a soft-deleted name: refused by default (the message
 * is the one users already know), recovered and rotated with
 * `recoverSoftDeleted: true`. The emulator's recovery takes time (reads answer
 * 404 until it finishes), so an import that did not wait for the SDK's poller
 * would be refused. Versions, tags and the deleted state are read from the
 * Key Vault emulator.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { runSdkChild } from "../emulators/keyvault/sdk-plan";
import { AzureWorld, startAzureWorld } from "../../testing/keyvault/world";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { declare, keyVaultCertificate, type Args, certificateInputs } from "../programs/spec";
import { TestStack } from "./stack";

const NAME = "api-prod";
const VAULT = "prod-vault";
const RECOVER_ACTION = "Microsoft.KeyVault/vaults/certificates/recover/action";
const thumbprintOf = (h: Hierarchy): string =>
    createHash("sha1").update(Buffer.from(h.leaf.cert.rawData)).digest("hex");
const OUR_TAGS = {
    env: "production",
    "certdeploy-managed-by": "certdeploy",
    "certdeploy-certificate-id": "certdeploy-e2e/dev/agw",
};

describe("KeyVaultCertificate onto a soft-deleted name", () => {
    let world: AzureWorld;
    let v1: Hierarchy;
    let v2: Hierarchy;
    const stacks: TestStack[] = [];

    before(async () => {
        [v1, v2] = await Promise.all([
            hierarchy("api.example.com", { kind: "rsa", bits: 2048 }),
            hierarchy("api.example.com", { kind: "rsa", bits: 2048 }),
        ]);
    });
    beforeEach(async () => {
        world = await startAzureWorld({ vaults: [VAULT], keyVault: { recoveryDelayMs: 400 } });
    });
    afterEach(async () => {
        await world.close();
        for (const s of stacks.splice(0)) s.cleanup();
    });

    const newStack = (project = "certdeploy-e2e"): TestStack => {
        const s = new TestStack(world.env("managed_identity"), project);
        stacks.push(s);
        return s;
    };
    const program = (h: Hierarchy, extra: Args = {}) =>
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
    const kv = () => world.keyVaultFor(VAULT);

    /** A stack of `project` deploys v1 and is destroyed (deletionPolicy softDelete): the name is soft-deleted. */
    async function softDeletedBy(project = "certdeploy-e2e"): Promise<void> {
        const first = newStack(project);
        const up = await first.up(program(v1));
        assert.equal(up.ok, true, up.errors.join("\n"));
        const down = await first.destroy();
        assert.equal(down.ok, true, down.errors.join("\n"));
        assert.ok(kv().deleted(NAME), "soft-deleted");
        assert.equal(kv().latest(NAME), undefined);
    }

    it("by default a create is refused with the recover-or-purge message, unchanged, and nothing is recovered or imported", async () => {
        await softDeletedBy();
        const stack = newStack();
        const result = await stack.up(program(v2));
        assert.equal(result.ok, false);
        const target = `KeyVaultCertificate "certdeploy-e2e/dev/agw" (${world.vault(VAULT)}/certificates/${NAME})`;
        assert.ok(
            result.errors
                .join("\n")
                .includes(
                    `${target} is soft-deleted (ObjectIsDeletedButRecoverable), so no version can be imported. Either recover it (az keyvault certificate recover --vault-name <vault> --name ${NAME}) and run pulumi refresh/up, or purge it (az keyvault certificate purge --vault-name <vault> --name ${NAME}) to start fresh`,
                ),
            result.errors.join("\n"),
        );
        assert.equal(kv().deleted(NAME)?.versions.length, 1, "still soft-deleted");
        assert.equal(kv().latest(NAME), undefined);
        assert.equal(
            kv()
                .calls()
                .log.filter((c) => c.operation === "recover" || c.operation === "import").length,
            1,
            "only the first stack's import",
        );
    });

    it("recoverSoftDeleted: true recovers the name, waits for the recovery, then imports the new version with our tags", async () => {
        await softDeletedBy();
        kv().resetCalls();
        const stack = newStack();
        const result = await stack.up(program(v2, { recoverSoftDeleted: true }));
        assert.equal(result.ok, true, result.errors.join("\n"));

        assert.equal(kv().deleted(NAME), undefined, "no longer soft-deleted");
        const versions = kv().versions(NAME);
        assert.deepEqual(
            versions.map((v) => v.x5tHex),
            [thumbprintOf(v1), thumbprintOf(v2)],
            "the recovered version, then the new one",
        );
        const outs = stack.outputs("agw");
        const {
            "certdeploy-claim": oldClaim,
            "certdeploy-chain-sha256": oldChain,
            ...recoveredTags
        } = versions[0].tags;
        assert.deepEqual(recoveredTags, OUR_TAGS, "the recovered version keeps its tags");
        assert.match(oldClaim ?? "", /^created:/, "and the claim of the instance that wrote it");
        assert.match(oldChain ?? "", /^[0-9a-f]{64}$/);
        const { "certdeploy-claim": newClaim, "certdeploy-chain-sha256": newChain, ...newTags } = versions[1].tags;
        assert.deepEqual(newTags, OUR_TAGS, "the new version carries operator and provenance tags");
        assert.equal(newClaim, outs.ownershipClaim, "and this instance's claim, as state records it");
        assert.notEqual(newClaim, oldClaim);
        assert.match(newChain ?? "", /^[0-9a-f]{64}$/);
        assert.equal(outs.version, versions[1].version);
        assert.equal(String(outs.thumbprint).toLowerCase(), thumbprintOf(v2));
        const deployment = outs.lastDeployment as { result: string; previousSerial: string };
        assert.equal(deployment.result, "succeeded");

        const calls = kv()
            .calls()
            .log.filter((c) => !c.challenged)
            .map((c) => `${c.operation}:${c.status}`);
        const recoverAt = calls.indexOf("recover:200");
        const importAt = calls.indexOf("import:200");
        assert.ok(recoverAt >= 0 && importAt > recoverAt, calls.join(" "));
        assert.ok(
            calls.slice(recoverAt, importAt).includes("getCertificate:404"),
            "the poller read the name while the recovery was running",
        );
        assert.ok(!calls.includes("import:409"), "no import raced the recovery");
    });

    it("recoverSoftDeleted on an update: a name soft-deleted outside Pulumi is recovered and rotated from the version in state", async () => {
        const stack = newStack();
        const up = await stack.up(program(v1, { recoverSoftDeleted: true }));
        assert.equal(up.ok, true, up.errors.join("\n"));
        const deleted = await runSdkChild(world.childEnv("managed_identity"), {
            vaultUrl: world.vault(VAULT),
            credential: "managed_identity",
            steps: [{ op: "delete", name: NAME, pollIntervalMs: 20 }],
        });
        assert.ok(deleted[0].ok);
        const rotated = await stack.up(program(v2, { recoverSoftDeleted: true }));
        assert.equal(rotated.ok, true, rotated.errors.join("\n"));
        assert.deepEqual(
            kv()
                .versions(NAME)
                .map((v) => v.x5tHex),
            [thumbprintOf(v1), thumbprintOf(v2)],
        );
        assert.equal(kv().latest(NAME)?.tags["certdeploy-certificate-id"], "certdeploy-e2e/dev/agw");
        const deployment = stack.outputs("agw").lastDeployment as { previousSerial: string; serial: string };
        assert.equal(
            deployment.previousSerial.replace(/:/g, ""),
            v1.leaf.serial,
            "the recovered version was the snapshot",
        );
    });

    it("a denied recovery names the RBAC data action certificates/recover/action; the name stays soft-deleted", async () => {
        await softDeletedBy();
        kv().denyAction(world.tokens.identities.managedIdentity.objectId, RECOVER_ACTION);
        const stack = newStack();
        const result = await stack.up(program(v2, { recoverSoftDeleted: true }));
        assert.equal(result.ok, false);
        const message = result.errors.join("\n");
        assert.match(
            message,
            /recoverDeletedCertificate on KeyVaultCertificate "certdeploy-e2e\/dev\/agw".* was forbidden/,
        );
        assert.ok(message.includes(`grant the RBAC data action ${RECOVER_ACTION}`), message);
        assert.equal(kv().deleted(NAME)?.versions.length, 1);
        assert.equal(kv().latest(NAME), undefined);
    });

    it("another stack's soft-deleted certificate is never recovered", async () => {
        await softDeletedBy("other-project");
        const stack = newStack();
        const result = await stack.up(program(v2, { recoverSoftDeleted: true }));
        assert.equal(result.ok, false);
        assert.match(
            result.errors.join("\n"),
            /is soft-deleted and belongs to certificateId "other-project\/dev\/agw"/,
        );
        assert.equal(kv().deleted(NAME)?.versions.length, 1, "left soft-deleted");
        assert.equal(
            kv()
                .calls()
                .log.filter((c) => c.operation === "recover").length,
            0,
        );
    });
});
