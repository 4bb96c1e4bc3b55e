/**
 * KeyVaultCertificate end to end: a real Pulumi program, the real provider
 * host, the real @azure/keyvault-certificates and @azure/identity reaching the
 * Key Vault and token emulators at https://<vault>.vault.azure.net through a
 * loopback CONNECT proxy (env only; no test code in the provider).
 * Every failure test reads the versions that exist afterwards.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { declare, keyVaultCertificate, type Args, certificateInputs } from "../programs/spec";
import type { CredentialMode } from "../../sdk/schema-types";
import { AzureWorld, startAzureWorld } from "../../testing/keyvault/world";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { isSecret } from "../harness/wire";
import { chainDigestOf } from "./live-identity";
import { counter, TestStack } from "./stack";

const NAME = "api-prod";
const VAULT = "prod-vault";
const thumbprintOf = (h: Hierarchy): string =>
    createHash("sha1").update(Buffer.from(h.leaf.cert.rawData)).digest("hex");

describe("KeyVaultCertificate through the provider host", () => {
    let world: AzureWorld;
    let v1: Hierarchy;
    let v2: Hierarchy;
    let v3: Hierarchy;
    let stack: TestStack;

    before(async () => {
        [v1, v2, v3] = await Promise.all([
            hierarchy("api.example.com", { kind: "rsa", bits: 2048 }),
            hierarchy("api.example.com", { kind: "rsa", bits: 2048 }),
            hierarchy("api.example.com", { kind: "ec", curve: "P-384" }),
        ]);
    });
    beforeEach(async () => {
        world = await startAzureWorld({ vaults: [VAULT] });
        stack = new TestStack(world.env("managed_identity"));
    });
    afterEach(async () => {
        await world.close();
        stack.cleanup();
    });

    const program = (h: Hierarchy, extra: Args = {}) =>
        declare([
            keyVaultCertificate("agw", {
                vaultUrl: world.vault(VAULT),
                certificateName: NAME,
                ...certificateInputs(h),
                tags: { env: "production" },
                credentialMode: "managed_identity",
                vaultResourceId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${VAULT}`,
                ...extra,
            }),
        ]);
    const kv = () => world.keyVaultFor(VAULT);
    const versions = () => kv().versions(NAME);

    async function created(h: Hierarchy = v1): Promise<void> {
        const result = await stack.up(program(h));
        assert.equal(result.ok, true, result.errors.join("\n"));
    }

    it("create imports one PFX version with tags and exposes version-less ids for consumers", async () => {
        await created();
        assert.equal(versions().length, 1);
        const latest = kv().latest(NAME)!;
        assert.equal(latest.x5tHex, thumbprintOf(v1));
        assert.deepEqual(latest.tags, {
            env: "production",
            "certdeploy-managed-by": "certdeploy",
            "certdeploy-certificate-id": "certdeploy-e2e/dev/agw",
            "certdeploy-chain-sha256": chainDigestOf(v1.chainPem),
            "certdeploy-claim": String(stack.outputs("agw").ownershipClaim),
        });
        const outs = stack.outputs("agw");
        assert.match(String(outs.ownershipClaim), /^created:[0-9a-f-]{36}$/);
        assert.equal(outs.versionlessId, `https://${VAULT}.vault.azure.net/certificates/${NAME}`);
        assert.equal(outs.versionlessSecretId, `https://${VAULT}.vault.azure.net/secrets/${NAME}`);
        assert.equal(outs.secretVersionId, `https://${VAULT}.vault.azure.net/secrets/${NAME}/${latest.version}`);
        assert.equal(
            outs.resourceManagerVersionlessSecretId,
            `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${VAULT}/secrets/${NAME}`,
        );
        assert.equal(outs.thumbprint, latest.x5tHex.toUpperCase());
        assert.ok(isSecret(stack.rawOutputs("agw").privateKeyPem));
        assert.equal(
            counter(stack.metrics(), "certdeploy_deploy_attempts_total", {
                target_type: "AzureKeyVault",
                result: "succeeded",
            }),
            1,
        );
    });

    it("rotation adds a version with tags; the version-less ids stay the same", async () => {
        await created();
        const before = stack.outputs("agw");
        const result = await stack.up(program(v2));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.equal(versions().length, 2);
        const latest = kv().latest(NAME)!;
        assert.equal(latest.x5tHex, thumbprintOf(v2));
        assert.equal(latest.tags["certdeploy-certificate-id"], "certdeploy-e2e/dev/agw");
        const after = stack.outputs("agw");
        assert.equal(after.versionlessSecretId, before.versionlessSecretId);
        assert.notEqual(after.version, before.version);
        assert.equal((after.lastDeployment as { apiCalls: number }).apiCalls, 3);
    });

    it("refuses a name whose latest version belongs to another certificateId, and one not managed by certdeploy", async () => {
        kv().importOutOfBand(NAME, {
            pem: v3.leaf.keyPem + v3.leaf.certPem,
            tags: { "certdeploy-certificate-id": "other-project/prod/agw" },
        });
        const foreign = await stack.up(program(v1));
        assert.equal(foreign.ok, false);
        assert.match(foreign.errors.join("\n"), /belongs to certificateId "other-project\/prod\/agw"/);
        kv().importOutOfBand("unmanaged", { pem: v3.leaf.keyPem + v3.leaf.certPem });
        const unmanaged = await stack.up(
            declare([
                keyVaultCertificate("agw", {
                    vaultUrl: world.vault(VAULT),
                    certificateName: "unmanaged",
                    ...certificateInputs(v1),
                    credentialMode: "managed_identity",
                }),
            ]),
        );
        assert.equal(unmanaged.ok, false);
        assert.match(unmanaged.errors.join("\n"), /not managed by certdeploy/);
        assert.equal(versions().length, 1, "nothing imported");
        assert.equal(kv().versions("unmanaged").length, 1, "nothing imported");
    });

    it("a no-op update imports nothing and makes no call", async () => {
        await created();
        kv().resetCalls();
        const result = await stack.up(program(v1));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.equal(versions().length, 1);
        assert.equal(kv().calls().log.length, 0);
    });

    it("a tag change updates the live version's tags without a new version", async () => {
        await created();
        const result = await stack.up(program(v1, { tags: { env: "staging" } }));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.equal(versions().length, 1);
        assert.equal(kv().latest(NAME)!.tags.env, "staging");
    });

    it("rotation stops and keeps the previous certificate latest when another writer lands after our import", async () => {
        await created();
        kv().injectFault({ operation: "import", kind: "ackNotLatest" });
        const result = await stack.up(program(v2));
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /Rolled back/);
        const latest = kv().latest(NAME)!;
        assert.equal(latest.x5tHex, thumbprintOf(v1), "the previous certificate is latest again");
        assert.equal(versions().length, 3, "v1, v2, and the other writer's (a copy of v1): nothing left to restore");
        const outs = stack.outputs("agw");
        assert.equal(outs.thumbprint, latest.x5tHex.toUpperCase(), "state tells the truth");
        assert.equal((outs.lastDeployment as { result: string }).result, "rolled_back");
        assert.equal(
            counter(stack.metrics(), "certdeploy_deploy_rollback_total", {
                target_type: "AzureKeyVault",
                outcome: "restored",
            }),
            1,
        );
    });

    // Verify cannot read (4 attempts, each an HTTP call plus one SDK retry) while our new version is latest.
    const blindVerify = { operation: "getCertificate" as const, kind: "internal" as const, afterCalls: 1, times: 8 };

    it("rollback imports the previous certificate as a new version when verify fails with ours latest", async () => {
        await created();
        kv().injectFault(blindVerify);
        const result = await stack.up(program(v2));
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /verify could not read.*Rolled back/s);
        assert.deepEqual(
            versions().map((v) => v.x5tHex),
            [thumbprintOf(v1), thumbprintOf(v2), thumbprintOf(v1)],
            "v1, v2, then v1 re-imported from state",
        );
        assert.equal(
            kv().latest(NAME)!.tags["certdeploy-certificate-id"],
            "certdeploy-e2e/dev/agw",
            "restored version carries provenance tags",
        );
        const outs = stack.outputs("agw");
        assert.equal(outs.thumbprint, thumbprintOf(v1).toUpperCase());
        assert.equal((outs.lastDeployment as { result: string }).result, "rolled_back");
    });

    it("reports rollback_failed when the rollback import fails too, and records what is latest", async () => {
        await created();
        kv().injectFault(blindVerify);
        kv().injectFault({ operation: "import", kind: "internal", afterCalls: 1, times: Infinity });
        const result = await stack.up(program(v2));
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /Rollback failed: serial .* is live\. Recover with/);
        const latest = kv().latest(NAME)!;
        assert.equal(latest.x5tHex, thumbprintOf(v2), "our new version is what is live");
        assert.equal(versions().length, 2);
        const outs = stack.outputs("agw");
        assert.equal(outs.thumbprint, latest.x5tHex.toUpperCase(), "state tells the truth");
        assert.equal((outs.lastDeployment as { result: string }).result, "rollback_failed");
        assert.equal(
            counter(stack.metrics(), "certdeploy_deploy_rollback_total", {
                target_type: "AzureKeyVault",
                outcome: "also_failed",
            }),
            1,
        );
    });

    it("a failing snapshot read stops before any import", async () => {
        await created();
        kv().injectFault({ operation: "getCertificate", kind: "internal", times: Infinity });
        const result = await stack.up(program(v2));
        assert.equal(result.ok, false);
        assert.equal(versions().length, 1);
        assert.equal(stack.outputs("agw").thumbprint, thumbprintOf(v1).toUpperCase());
    });

    it("a 403 on import names the missing RBAC data action and leaves the previous version latest", async () => {
        await created();
        kv().injectFault({ operation: "import", kind: "forbidden", times: Infinity });
        const result = await stack.up(program(v2));
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /Microsoft\.KeyVault\/vaults\/certificates\/import\/action/);
        assert.equal(kv().latest(NAME)!.x5tHex, thumbprintOf(v1));
        assert.equal(versions().length, 1);
    });

    it("throttling with Retry-After is retried by the SDK and the rotation succeeds", async () => {
        await created();
        kv().injectFault({ operation: "import", kind: "throttle", retryAfterSeconds: 1 });
        const result = await stack.up(program(v2));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.equal(kv().latest(NAME)!.x5tHex, thumbprintOf(v2));
    });

    it("refuses to rotate over a version written outside Pulumi; refresh records it", async () => {
        await created();
        kv().importOutOfBand(NAME, { pem: v3.leaf.keyPem + v3.leaf.certPem });
        const blocked = await stack.up(program(v2));
        assert.equal(blocked.ok, false);
        assert.match(blocked.errors.join("\n"), /changed outside Pulumi/);
        assert.equal(versions().length, 2, "nothing imported");
        const refreshed = await stack.refresh();
        assert.equal(refreshed.ok, true, refreshed.errors.join("\n"));
        assert.equal(stack.outputs("agw").thumbprint, thumbprintOf(v3).toUpperCase());
    });

    for (const policy of ["softDelete", "purge", "retain"] as const) {
        it(`destroy with deletionPolicy ${policy}`, async () => {
            const result = await stack.up(program(v1, { deletionPolicy: policy }));
            assert.equal(result.ok, true, result.errors.join("\n"));
            const destroyed = await stack.destroy();
            assert.equal(destroyed.ok, true, destroyed.errors.join("\n"));
            assert.equal(kv().latest(NAME) === undefined, policy !== "retain");
            assert.equal(kv().deleted(NAME) !== undefined, policy === "softDelete");
        });
    }

    it("a soft-deleted name gets a clear recover-or-purge error and nothing is imported", async () => {
        await created();
        await stack.destroy();
        const again = new TestStack(world.env("managed_identity"));
        try {
            const result = await again.up(program(v1));
            assert.equal(result.ok, false);
            assert.match(result.errors.join("\n"), /soft-deleted.*recover.*purge/s);
            assert.ok(kv().deleted(NAME));
        } finally {
            again.cleanup();
        }
    });

    for (const mode of ["default", "client_secret", "workload_identity", "managed_identity"] as CredentialMode[]) {
        it(`credentialMode ${mode} obtains a token with the real credential class`, async () => {
            const modeStack = new TestStack(world.env(mode));
            try {
                const result = await modeStack.up(program(v1, { credentialMode: mode }));
                assert.equal(result.ok, true, result.errors.join("\n"));
                assert.equal(kv().latest(NAME)!.x5tHex, thumbprintOf(v1));
            } finally {
                modeStack.cleanup();
            }
        });
    }
});
