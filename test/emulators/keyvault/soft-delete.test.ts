import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { errorOf, runSdkChild, valueOf, type SdkCertificateSummary, type SdkStep } from "./sdk-plan";
import { createChainedTestCertificate, type TestCertificate } from "../../../testing/pki";
import { startAzureWorld, type AzureWorld } from "../../../testing/keyvault/world";

interface DeletedSummary {
    recoveryId: string;
    scheduledPurgeDate: string;
    deletedOn: string;
}

void describe("soft delete, purge and recover through the SDK", () => {
    let world: AzureWorld;
    let cert: TestCertificate;

    before(async () => {
        world = await startAzureWorld({ keyVault: { deletionDelayMs: 150 } });
        cert = await createChainedTestCertificate();
    });
    after(async () => {
        await world.close();
    });

    const sdk = (steps: SdkStep[]) =>
        runSdkChild(world.childEnv("managed_identity"), {
            vaultUrl: world.vaultUrl,
            credential: "managed_identity",
            maxRetries: 0,
            steps,
        });

    void it("delete moves all versions to the deleted state; the name then answers 409 ObjectIsDeletedButRecoverable until recovered", async () => {
        world.keyVault.importOutOfBand("soft", { pfxBase64: cert.pfxBase64() });
        world.keyVault.importOutOfBand("soft", { pfxBase64: cert.pfxBase64() });
        world.keyVault.resetCalls();
        const results = await sdk([
            { op: "delete", name: "soft", pollIntervalMs: 50 },
            { op: "get", name: "soft" },
            { op: "getDeleted", name: "soft" },
            { op: "import", name: "soft", pfxBase64: cert.pfxBase64() },
            { op: "recover", name: "soft" },
            { op: "get", name: "soft" },
        ]);
        const deleted = valueOf<DeletedSummary>(results[0]);
        assert.equal(deleted.recoveryId, `${world.vaultUrl}/deletedcertificates/soft`);
        const purgeInDays = (Date.parse(deleted.scheduledPurgeDate) - Date.parse(deleted.deletedOn)) / 86_400_000;
        assert.equal(Math.round(purgeInDays), 90);
        // the poller kept asking until the deletion became visible (deletionDelayMs)
        assert.ok(
            world.keyVault.calls().log.filter((r) => r.operation === "getDeleted" && r.status === 404).length >= 1,
        );
        assert.equal(errorOf(results[1]).code, "CertificateNotFound");
        assert.ok(results[2].ok);
        const conflict = errorOf(results[3]);
        assert.deepEqual(
            [conflict.statusCode, conflict.code, conflict.innerCode],
            [409, "Conflict", "ObjectIsDeletedButRecoverable"],
        );
        assert.equal(valueOf<SdkCertificateSummary>(results[5]).x5tHex, cert.x5tHex);
        assert.equal(world.keyVault.versions("soft").length, 2);
        assert.equal(world.keyVault.deleted("soft"), undefined);
    });

    void it("purge removes a deleted certificate for good, after which the name starts again at one version", async () => {
        world.keyVault.importOutOfBand("gone", { pfxBase64: cert.pfxBase64() });
        const results = await sdk([
            { op: "delete", name: "gone" },
            { op: "purge", name: "gone" },
            { op: "getDeleted", name: "gone" },
            { op: "import", name: "gone", pfxBase64: cert.pfxBase64() },
        ]);
        assert.ok(results[1].ok);
        assert.equal(errorOf(results[2]).statusCode, 404);
        assert.ok(results[3].ok);
        assert.equal(world.keyVault.versions("gone").length, 1);
    });

    void it("purge under purge protection is refused with 403 and the certificate stays recoverable", async () => {
        world.keyVault.setPurgeProtection(true);
        try {
            world.keyVault.importOutOfBand("kept", { pfxBase64: cert.pfxBase64() });
            const results = await sdk([
                { op: "get", name: "kept" },
                { op: "delete", name: "kept" },
                { op: "purge", name: "kept" },
            ]);
            assert.equal(valueOf<SdkCertificateSummary>(results[0]).recoveryLevel, "Recoverable");
            const refused = errorOf(results[2]);
            assert.deepEqual(
                [refused.statusCode, refused.code, refused.innerCode],
                [403, "Forbidden", "ForbiddenByPolicy"],
            );
            assert.match(refused.message, /purge protection is enabled/);
            assert.equal(world.keyVault.deleted("kept")?.versions.length, 1);
        } finally {
            world.keyVault.setPurgeProtection(false);
        }
    });

    void it("recovery takes time: reads answer 404 until it finishes, and the SDK's poller waits for it", async () => {
        const slow = await startAzureWorld({ keyVault: { recoveryDelayMs: 300 } });
        try {
            slow.keyVault.importOutOfBand("slow", { pfxBase64: cert.pfxBase64(), tags: { owner: "ops" } });
            const run = (steps: SdkStep[]) =>
                runSdkChild(slow.childEnv("managed_identity"), {
                    vaultUrl: slow.vaultUrl,
                    credential: "managed_identity",
                    maxRetries: 0,
                    steps,
                });
            await run([{ op: "delete", name: "slow" }]);
            slow.keyVault.resetCalls();
            const results = await run([{ op: "recover", name: "slow", pollIntervalMs: 50 }]);
            const recovered = valueOf<SdkCertificateSummary>(results[0]);
            assert.equal(recovered.x5tHex, cert.x5tHex);
            assert.deepEqual(recovered.tags, { owner: "ops" }, "the recovered version keeps its tags");
            const log = slow.keyVault.calls().log.filter((r) => !r.challenged);
            assert.ok(log.some((r) => r.operation === "recover" && r.status === 200));
            assert.ok(
                log.filter((r) => r.operation === "getCertificate" && r.status === 404).length >= 2,
                "the poller read 404 while recovering",
            );
            assert.equal(log.at(-1)?.status, 200);
        } finally {
            await slow.close();
        }
    });
});
