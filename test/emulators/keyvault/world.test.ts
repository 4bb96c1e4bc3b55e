import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { writeCaFile } from "../../../testing/tls/ca-file";
import { connectTunnel, httpsRequest } from "../../../testing/tls/https-request";
import type { KeyVaultErrorBody } from "../../../testing/keyvault/errors";
import { startTokenEmulator } from "../../../testing/identity/token-emulator";
import { startKeyVaultEmulator } from "../../../testing/keyvault/index";
import { errorOf, runSdkChild, valueOf, type SdkCertificateSummary } from "./sdk-plan";
import { createChainedTestCertificate, type TestCertificate } from "../../../testing/pki";
import { vaultRequest } from "../../../testing/keyvault/vault-request";
import { startAzureWorld, type AzureWorld } from "../../../testing/keyvault/world";

void describe("startAzureWorld", () => {
    let world: AzureWorld;
    let cert: TestCertificate;

    before(async () => {
        world = await startAzureWorld({ vaults: ["kv-a", "kv-b", { name: "kv-cn", cloud: "china" }] });
        cert = await createChainedTestCertificate();
    });
    after(async () => {
        await world.close();
    });

    void it("gives each mode its identity variables plus the proxy and CA, and strips inherited ones for children", () => {
        const env = world.env("workload_identity");
        assert.equal(env.HTTPS_PROXY, world.proxy.url);
        assert.equal(env.NO_PROXY, "127.0.0.1,localhost");
        assert.equal(env.NODE_EXTRA_CA_CERTS, world.caFile);
        assert.equal(env.AZURE_CLIENT_ID, world.tokens.identities.workload.clientId);
        const child = world.childEnv("managed_identity", undefined, {
            PATH: "/usr/bin",
            AZURE_CLIENT_SECRET: "leaked",
            https_proxy: "http://corp-proxy:3128",
            MSI_ENDPOINT: "http://169.254.169.254",
        });
        assert.deepEqual(Object.keys(child).sort(), [
            "HTTPS_PROXY",
            "IDENTITY_ENDPOINT",
            "IDENTITY_HEADER",
            "NODE_EXTRA_CA_CERTS",
            "NO_PROXY",
            "PATH",
        ]);
    });

    void it("keeps each vault's certificates apart", async () => {
        world.keyVaultFor("kv-a").importOutOfBand("shared-name", { pfxBase64: cert.pfxBase64() });
        const results = await runSdkChild(world.childEnv("client_secret"), {
            vaultUrl: world.vault("kv-b"),
            credential: "client_secret",
            maxRetries: 0,
            steps: [{ op: "get", name: "shared-name" }],
        });
        assert.equal(errorOf(results[0]).statusCode, 404);
        assert.equal(world.vault("kv-a"), "https://kv-a.vault.azure.net");
        assert.equal(world.vaultUrl, world.vault("kv-a"));
    });

    void it("serves a China-cloud vault whose challenge names login.chinacloudapi.cn and vault.azure.cn", async () => {
        const challenge = await vaultRequest(world, "GET", "/certificates/x/", { anonymous: true, vaultName: "kv-cn" });
        assert.equal(
            challenge.headers["www-authenticate"],
            `Bearer authorization="https://login.chinacloudapi.cn/${world.tenantId}", resource="https://vault.azure.cn"`,
        );
        world.keyVaultFor("kv-cn").importOutOfBand("cn-cert", { pfxBase64: cert.pfxBase64() });
        const results = await runSdkChild(
            world.childEnv("client_secret", { authorityHost: "https://login.chinacloudapi.cn" }),
            {
                vaultUrl: world.vault("kv-cn"),
                credential: "client_secret",
                steps: [{ op: "get", name: "cn-cert" }],
            },
        );
        assert.equal(valueOf<SdkCertificateSummary>(results[0]).x5tHex, cert.x5tHex);
        const token = world.tokens.issued().at(-1);
        // MSAL's built-in metadata routes the login.chinacloudapi.cn authority to login.partner.microsoftonline.cn
        assert.deepEqual(
            [token?.host, token?.audience],
            ["login.partner.microsoftonline.cn", "https://vault.azure.cn"],
        );
    });

    void it("a vault name nobody serves fails like an unknown host, without leaving the machine", async () => {
        const results = await runSdkChild(world.childEnv("managed_identity"), {
            vaultUrl: "https://no-such-vault.vault.azure.net",
            credential: "managed_identity",
            maxRetries: 0,
            steps: [{ op: "get", name: "anything" }],
        });
        assert.equal(results[0].ok, false);
        assert.ok(
            world.proxy.connects().some((c) => c.host === "no-such-vault.vault.azure.net" && c.outcome === "unrouted"),
        );
    });
});

void describe("startAzureWorld lifecycle", () => {
    void it("close() stops the proxy and removes the CA file", async () => {
        const world = await startAzureWorld();
        const { caFile, proxy } = world;
        assert.equal(existsSync(caFile), true);
        await world.close();
        assert.equal(existsSync(caFile), false);
        await assert.rejects(connectTunnel(proxy.url, "certdeploy-kv.vault.azure.net", 443), /ECONNREFUSED/);
    });
});

void describe("direct loopback Key Vault", () => {
    void it("works for the SDK with disableChallengeResourceVerification, which it otherwise needs", async () => {
        const tokens = await startTokenEmulator();
        const kv = await startKeyVaultEmulator({
            tenantId: tokens.tenantId,
            verifyToken: (token) => tokens.verifyAccessToken(token),
        });
        const caFile = await writeCaFile(kv.caCertificatePem);
        try {
            const cert = await createChainedTestCertificate();
            const env = {
                PATH: process.env.PATH ?? "",
                ...tokens.envFor("managed_identity"),
                NODE_EXTRA_CA_CERTS: caFile.path,
            };
            const plan = { vaultUrl: kv.directUrl, credential: "managed_identity" as const, maxRetries: 0 };
            const ok = await runSdkChild(env, {
                ...plan,
                disableChallengeResourceVerification: true,
                steps: [
                    { op: "import", name: "direct", pfxBase64: cert.pfxBase64() },
                    { op: "get", name: "direct" },
                ],
            });
            assert.equal(valueOf<SdkCertificateSummary>(ok[1]).x5tHex, cert.x5tHex);
            assert.match(
                valueOf<SdkCertificateSummary>(ok[1]).id ?? "",
                /^https:\/\/127\.0\.0\.1:\d+\/certificates\/direct\//,
            );
            const refused = await runSdkChild(env, { ...plan, steps: [{ op: "get", name: "direct" }] });
            assert.match(errorOf(refused[0]).message, /does not match the requested domain/);
        } finally {
            await caFile.remove();
            await kv.close();
            await tokens.close();
        }
    });
});

void describe("Key Vault token checks", () => {
    let world: AzureWorld;
    before(async () => {
        world = await startAzureWorld();
    });
    after(async () => {
        await world.close();
    });

    void it("answers 401 with the challenge for a wrong audience, an expired token or a token it did not issue", async () => {
        const who = world.tokens.identities.clientSecret;
        const send = (token: string) =>
            httpsRequest(`${world.vaultUrl}/certificates/?api-version=7.5`, {
                ca: world.caCertificatePem,
                proxyUrl: world.proxy.url,
                headers: { authorization: `Bearer ${token}` },
            });
        const wrongAudience = await send(world.tokens.mintAccessToken(who, "https://management.azure.com"));
        assert.equal(wrongAudience.status, 401);
        assert.match(wrongAudience.json<KeyVaultErrorBody>().error.message, /AKV10022: Invalid audience/);
        assert.ok(wrongAudience.headers["www-authenticate"]?.startsWith("Bearer authorization="));
        assert.equal((await send(world.tokens.mintAccessToken(who, "https://vault.azure.net", -60))).status, 401);
        const stranger = await startTokenEmulator({ tenantId: world.tenantId });
        try {
            assert.equal((await send(stranger.mintAccessToken(who))).status, 401);
        } finally {
            await stranger.close();
        }
        assert.equal((await send(world.tokens.mintAccessToken(who))).status, 200);
    });

    void it("requires an api-version but accepts any", async () => {
        const noVersion = await httpsRequest(`${world.vaultUrl}/certificates/x/`, {
            ca: world.caCertificatePem,
            proxyUrl: world.proxy.url,
            headers: { authorization: `Bearer ${world.tokens.mintAccessToken(world.tokens.identities.clientSecret)}` },
        });
        assert.equal(noVersion.status, 400);
        assert.equal((await vaultRequest(world, "GET", "/certificates/x/?api-version=7.0")).status, 404);
    });
});
