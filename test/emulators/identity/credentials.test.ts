/**
 * The real @azure/identity credential classes, in child processes configured
 * by environment variables only, obtain tokens from the emulated authority /
 * managed identity endpoint and read a certificate through the proxy.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runSdkChild, valueOf, errorOf, type SdkCertificateSummary, type SdkPlan } from "../keyvault/sdk-plan";
import { createChainedTestCertificate, type TestCertificate } from "../../../testing/pki";
import { startAzureWorld, type AzureWorld } from "../../../testing/keyvault/world";
import type { CredentialMode, EnvForOptions } from "../../../testing/identity/token-emulator";

interface TokenSummary {
    aud: string;
    oid: string;
    appid: string;
    tid: string;
    flow: string;
}

void describe("credential modes against the emulated Entra ID", () => {
    let world: AzureWorld;
    let cert: TestCertificate;
    const NAME = "credential-probe";

    before(async () => {
        world = await startAzureWorld({
            tokens: {
                userAssignedIdentities: [
                    { clientId: "11111111-2222-3333-4444-555555555555", objectId: "ua-object-id" },
                ],
            },
        });
        cert = await createChainedTestCertificate();
        world.keyVault.importOutOfBand(NAME, { pfxBase64: cert.pfxBase64() });
    });
    after(async () => {
        await world.close();
    });

    async function tokenAndRead(mode: CredentialMode, extra: Partial<SdkPlan> = {}, envOptions?: EnvForOptions) {
        const results = await runSdkChild(world.childEnv(mode, envOptions), {
            vaultUrl: world.vaultUrl,
            credential: mode,
            ...extra,
            steps: [
                { op: "getToken", scope: "https://vault.azure.net/.default" },
                { op: "get", name: NAME },
            ],
        });
        return { token: valueOf<TokenSummary>(results[0]), cert: valueOf<SdkCertificateSummary>(results[1]) };
    }

    function lastCaller() {
        return world.keyVault
            .calls()
            .log.filter((r) => r.caller)
            .at(-1)?.caller;
    }

    void it("ClientSecretCredential uses login.microsoftonline.com through the proxy (no authority host override)", async () => {
        assert.equal(world.env("client_secret").AZURE_AUTHORITY_HOST, undefined);
        const { token, cert: read } = await tokenAndRead("client_secret");
        const app = world.tokens.identities.clientSecret;
        assert.equal(token.flow, "client_secret");
        assert.equal(token.aud, "https://vault.azure.net");
        assert.equal(read.x5tHex, cert.x5tHex);
        assert.equal(lastCaller()?.oid, app.objectId);
        const issued = world.tokens.issued().filter((t) => t.clientId === app.clientId);
        assert.ok(issued.every((t) => t.host === "login.microsoftonline.com"));
        assert.ok(
            world.proxy.connects().some((c) => c.host === "login.microsoftonline.com" && c.outcome === "tunnelled"),
        );
    });

    void it("WorkloadIdentityCredential presents the federated token file (client_assertion flow)", async () => {
        const { token, cert: read } = await tokenAndRead("workload_identity");
        assert.equal(token.flow, "client_assertion");
        assert.equal(token.oid, world.tokens.identities.workload.objectId);
        assert.equal(read.x5tHex, cert.x5tHex);
        assert.equal(lastCaller()?.oid, world.tokens.identities.workload.objectId);
    });

    void it("ManagedIdentityCredential uses the App Service endpoint on loopback, bypassing the proxy", async () => {
        const before = world.proxy.connects().length;
        const { token, cert: read } = await tokenAndRead("managed_identity");
        assert.equal(token.flow, "managed_identity");
        assert.equal(token.oid, world.tokens.identities.managedIdentity.objectId);
        assert.equal(read.x5tHex, cert.x5tHex);
        const newConnects = world.proxy.connects().slice(before);
        assert.ok(newConnects.every((c) => c.outcome === "tunnelled" && c.host.endsWith(".vault.azure.net")));
        assert.ok(world.tokens.requests().some((r) => r.host === "127.0.0.1" && r.status === 200));
    });

    void it("ManagedIdentityCredential with a user-assigned client id gets that identity's token", async () => {
        const { token } = await tokenAndRead("managed_identity", {
            managedIdentityClientId: "11111111-2222-3333-4444-555555555555",
        });
        assert.equal(token.oid, "ua-object-id");
        assert.equal(lastCaller()?.oid, "ua-object-id");
    });

    void it("DefaultAzureCredential succeeds with the client secret, workload identity and managed identity environments", async () => {
        const seen: string[] = [];
        for (const via of ["client_secret", "workload_identity", "managed_identity"] as const) {
            const { token, cert: read } = await tokenAndRead("default", {}, { defaultVia: via });
            assert.equal(read.x5tHex, cert.x5tHex);
            seen.push(token.flow);
        }
        assert.deepEqual(seen, ["client_secret", "client_assertion", "managed_identity"]);
    });

    void it("a wrong client secret surfaces Entra's AADSTS7000215; the vault only ever sees the challenge", async () => {
        const seen = world.keyVault.calls().log.length;
        const env = { ...world.childEnv("client_secret"), AZURE_CLIENT_SECRET: "wrong" };
        const results = await runSdkChild(env, {
            vaultUrl: world.vaultUrl,
            credential: "client_secret",
            maxRetries: 0,
            steps: [{ op: "get", name: NAME }],
        });
        const error = errorOf(results[0]);
        assert.match(error.message, /AADSTS7000215/);
        assert.deepEqual(
            world.keyVault
                .calls()
                .log.slice(seen)
                .map((r) => r.status),
            [401],
        );
    });
});
