import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DATA_ACTIONS } from "../../../testing/keyvault/rbac";
import { errorOf, runSdkChild, type SdkStep } from "./sdk-plan";
import { createChainedTestCertificate, type TestCertificate } from "../../../testing/pki";
import { startAzureWorld, type AzureWorld } from "../../../testing/keyvault/world";

void describe("RBAC denials", () => {
    let world: AzureWorld;
    let cert: TestCertificate;

    before(async () => {
        world = await startAzureWorld({
            vaults: ["rbac-vault"],
            keyVault: { subscriptionId: "sub-1", resourceGroup: "rg-certs", location: "northeurope" },
        });
        cert = await createChainedTestCertificate();
        world.keyVault.importOutOfBand("guarded", { pfxBase64: cert.pfxBase64() });
    });
    after(async () => {
        await world.close();
    });

    const asApp = (steps: SdkStep[]) =>
        runSdkChild(world.childEnv("client_secret"), {
            vaultUrl: world.vaultUrl,
            credential: "client_secret",
            maxRetries: 0,
            steps,
        });
    const asManagedIdentity = (steps: SdkStep[]) =>
        runSdkChild(world.childEnv("managed_identity"), {
            vaultUrl: world.vaultUrl,
            credential: "managed_identity",
            maxRetries: 0,
            steps,
        });

    void it("answers 403 ForbiddenByRbac naming the caller and the import data action, for that identity only", async () => {
        const app = world.tokens.identities.clientSecret;
        world.keyVault.denyAction(app.objectId, DATA_ACTIONS.import);
        try {
            const denied = errorOf((await asApp([{ op: "import", name: "guarded", pfxBase64: cert.pfxBase64() }]))[0]);
            assert.deepEqual([denied.statusCode, denied.code, denied.innerCode], [403, "Forbidden", "ForbiddenByRbac"]);
            assert.match(denied.message, /^Caller is not authorized to perform action on resource\./);
            assert.ok(
                denied.message.includes(
                    `Caller: appid=${app.clientId};oid=${app.objectId};iss=https://sts.windows.net/${world.tenantId}/`,
                ),
            );
            assert.ok(denied.message.includes("Action: 'Microsoft.KeyVault/vaults/certificates/import/action'"));
            assert.ok(
                denied.message.includes(
                    "Resource: '/subscriptions/sub-1/resourcegroups/rg-certs/providers/microsoft.keyvault/vaults/rbac-vault/certificates/guarded'",
                ),
            );
            assert.ok(denied.message.includes("Vault: rbac-vault;location=northeurope"));
            const other = await asManagedIdentity([{ op: "import", name: "guarded", pfxBase64: cert.pfxBase64() }]);
            assert.ok(other[0].ok, "another identity may still import");
        } finally {
            world.keyVault.allowAction(app.objectId, DATA_ACTIONS.import);
        }
    });

    void it("denies by app id too; reads and version listings need certificates/read", async () => {
        const mi = world.tokens.identities.managedIdentity;
        world.keyVault.denyAction(mi.clientId, DATA_ACTIONS.read);
        try {
            const results = await asManagedIdentity([
                { op: "get", name: "guarded" },
                { op: "listVersions", name: "guarded" },
            ]);
            const action = "Action: 'Microsoft.KeyVault/vaults/certificates/read'";
            assert.ok(errorOf(results[0]).message.includes(action));
            // SDK 4.10.3 fact: its pager replaces the service's message and drops the parsed body,
            // so a denied version listing carries only status 403 and code "Forbidden".
            const paged = errorOf(results[1]);
            assert.deepEqual(
                [paged.statusCode, paged.code, paged.message],
                [403, "Forbidden", "Pagination failed with unexpected statusCode 403"],
            );
            assert.equal(paged.bodyMessage, undefined);
            assert.ok(
                world.keyVault
                    .calls()
                    .log.some((r) => r.operation === "listVersions" && r.innerErrorCode === "ForbiddenByRbac"),
            );
        } finally {
            world.keyVault.clearRbac();
        }
        assert.ok((await asManagedIdentity([{ op: "get", name: "guarded" }]))[0].ok);
    });

    void it("names delete and purge actions when those are denied to everyone", async () => {
        world.keyVault.denyAction("*", DATA_ACTIONS.delete);
        try {
            const denied = errorOf((await asApp([{ op: "delete", name: "guarded" }]))[0]);
            assert.ok(denied.message.includes("Action: 'Microsoft.KeyVault/vaults/certificates/delete'"));
            world.keyVault.allowAction("*", DATA_ACTIONS.delete);
            world.keyVault.denyAction("*", DATA_ACTIONS.purge);
            const results = await asApp([
                { op: "delete", name: "guarded" },
                { op: "purge", name: "guarded" },
            ]);
            assert.ok(results[0].ok);
            assert.ok(
                errorOf(results[1]).message.includes("Action: 'Microsoft.KeyVault/vaults/certificates/purge/action'"),
            );
        } finally {
            world.keyVault.clearRbac();
        }
    });
});
