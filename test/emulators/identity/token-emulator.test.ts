import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as http from "node:http";
import { after, before, describe, it } from "node:test";
import { startConnectProxy, type ConnectProxy } from "../../../testing/tls/connect-proxy";
import { httpsRequest } from "../../../testing/tls/https-request";
import { createTestCa, type TestCa } from "../../../testing/pki";
import { decodeAccessToken } from "../../../testing/identity/access-token";
import { CLIENT_ASSERTION_TYPE } from "../../../testing/identity/authority";
import { startTokenEmulator, type TokenEmulator } from "../../../testing/identity/token-emulator";

interface TokenResponse {
    token_type: string;
    expires_in: number;
    access_token: string;
}
interface AadError {
    error: string;
    error_description: string;
    error_codes: number[];
}

function httpGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        http.get(url, { headers }, (res) => {
            let body = "";
            res.on("data", (d: Buffer) => (body += d.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        }).on("error", reject);
    });
}

void describe("token emulator", () => {
    let ca: TestCa;
    let proxy: ConnectProxy;
    let tokens: TokenEmulator;
    const login = "https://login.microsoftonline.com";

    before(async () => {
        ca = await createTestCa();
        tokens = await startTokenEmulator({
            userAssignedIdentities: [
                { clientId: "ua-client", objectId: "ua-object", resourceId: "/subscriptions/s/ua" },
            ],
        });
        proxy = await startConnectProxy({
            ca,
            route: (host) => (host.startsWith("login.") ? tokens.authorityHandler : undefined),
        });
    });
    after(async () => {
        await proxy.close();
        await tokens.close();
    });

    const post = (path: string, form: Record<string, string>) =>
        httpsRequest(`${login}${path}`, {
            method: "POST",
            ca: ca.certificatePem,
            proxyUrl: proxy.url,
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams(form).toString(),
        });

    void it("serves instance discovery and the tenant's OpenID configuration for the host it was reached on", async () => {
        const discovery = await httpsRequest(`${login}/common/discovery/instance?api-version=1.1`, {
            ca: ca.certificatePem,
            proxyUrl: proxy.url,
        });
        assert.equal(discovery.status, 200);
        assert.deepEqual(discovery.json<{ metadata: { aliases: string[] }[] }>().metadata[0].aliases, [
            "login.microsoftonline.com",
        ]);
        const config = await httpsRequest(`${login}/${tokens.tenantId}/v2.0/.well-known/openid-configuration`, {
            ca: ca.certificatePem,
            proxyUrl: proxy.url,
        });
        const body = config.json<Record<string, string>>();
        assert.equal(body.token_endpoint, `${login}/${tokens.tenantId}/oauth2/v2.0/token`);
        assert.equal(body.issuer, `${login}/${tokens.tenantId}/v2.0`);
        const unknown = await httpsRequest(`${login}/not-a-tenant/v2.0/.well-known/openid-configuration`, {
            ca: ca.certificatePem,
            proxyUrl: proxy.url,
        });
        assert.equal(unknown.status, 400);
    });

    void it("issues a JWT for the client credentials grant with a secret, naming the app by oid and appid", async () => {
        const app = tokens.identities.clientSecret;
        const res = await post(`/${tokens.tenantId}/oauth2/v2.0/token`, {
            grant_type: "client_credentials",
            client_id: app.clientId,
            client_secret: app.clientSecret,
            scope: "https://vault.azure.net/.default",
        });
        assert.equal(res.status, 200);
        const token = res.json<TokenResponse>();
        assert.equal(token.token_type, "Bearer");
        const claims = tokens.verifyAccessToken(token.access_token);
        assert.ok(claims);
        assert.equal(claims.aud, "https://vault.azure.net");
        assert.equal(claims.tid, tokens.tenantId);
        assert.equal(claims.oid, app.objectId);
        assert.equal(claims.appid, app.clientId);
        assert.ok(claims.exp > Date.now() / 1000);
        assert.equal(tokens.issued().at(-1)?.flow, "client_secret");
    });

    void it("refuses a wrong secret (AADSTS7000215), an unknown client (AADSTS700016) and a wrong assertion (AADSTS70021)", async () => {
        const path = `/${tokens.tenantId}/oauth2/v2.0/token`;
        const scope = "https://vault.azure.net/.default";
        const wrong = await post(path, {
            grant_type: "client_credentials",
            client_id: tokens.identities.clientSecret.clientId,
            client_secret: "nope",
            scope,
        });
        assert.equal(wrong.status, 401);
        assert.deepEqual(wrong.json<AadError>().error_codes, [7000215]);
        const unknown = await post(path, {
            grant_type: "client_credentials",
            client_id: "00000000-1111-2222-3333-444444444444",
            client_secret: "x",
            scope,
        });
        assert.equal(unknown.json<AadError>().error, "unauthorized_client");
        const assertion = await post(path, {
            grant_type: "client_credentials",
            client_id: tokens.identities.workload.clientId,
            client_assertion_type: CLIENT_ASSERTION_TYPE,
            client_assertion: "not.the.token",
            scope,
        });
        assert.deepEqual(assertion.json<AadError>().error_codes, [70021]);
    });

    void it("refuses a sovereign vault's audience from another cloud's authority (AADSTS500011), as Entra ID does, and issues it from that cloud's own", async () => {
        const app = tokens.identities.clientSecret;
        const form = (scope: string) => ({
            grant_type: "client_credentials",
            client_id: app.clientId,
            client_secret: app.clientSecret,
            scope,
        });
        const at = (host: string, scope: string) =>
            httpsRequest(`https://${host}/${tokens.tenantId}/oauth2/v2.0/token`, {
                method: "POST",
                ca: ca.certificatePem,
                proxyUrl: proxy.url,
                headers: { "content-type": "application/x-www-form-urlencoded" },
                body: new URLSearchParams(form(scope)).toString(),
            });
        const issuedBefore = tokens.issued().length;
        for (const [host, scope] of [
            ["login.microsoftonline.com", "https://vault.usgovcloudapi.net/.default"],
            ["login.microsoftonline.com", "https://vault.azure.cn/.default"],
            ["login.microsoftonline.us", "https://vault.azure.cn/.default"],
            ["login.partner.microsoftonline.cn", "https://vault.usgovcloudapi.net/.default"],
            ["login.microsoftonline.us", "https://vault.azure.net/.default"],
        ]) {
            const refused = await at(host, scope);
            assert.equal(refused.status, 400, `${host} for ${scope}`);
            assert.deepEqual(refused.json<AadError>().error_codes, [500011]);
            assert.match(refused.json<AadError>().error_description, /resource principal named https:\/\/vault\./);
        }
        assert.equal(tokens.issued().length, issuedBefore, "no token issued for a refused request");
        for (const [host, scope, aud] of [
            ["login.microsoftonline.us", "https://vault.usgovcloudapi.net/.default", "https://vault.usgovcloudapi.net"],
            ["login.chinacloudapi.cn", "https://vault.azure.cn/.default", "https://vault.azure.cn"],
            ["login.partner.microsoftonline.cn", "https://vault.azure.cn/.default", "https://vault.azure.cn"],
        ]) {
            const ok = await at(host, scope);
            assert.equal(ok.status, 200, `${host} for ${scope}`);
            assert.equal(tokens.verifyAccessToken(ok.json<TokenResponse>().access_token)?.aud, aud);
        }
    });

    void it("accepts the federated token file as client assertion", async () => {
        const wi = tokens.identities.workload;
        const res = await post(`/${tokens.tenantId}/oauth2/v2.0/token`, {
            grant_type: "client_credentials",
            client_id: wi.clientId,
            client_assertion_type: CLIENT_ASSERTION_TYPE,
            client_assertion: readFileSync(wi.federatedTokenFile, "utf8"),
            scope: "https://vault.azure.net/.default",
        });
        assert.equal(res.status, 200);
        assert.equal(decodeAccessToken(res.json<TokenResponse>().access_token)?.oid, wi.objectId);
        assert.ok(tokens.flowsUsed().includes("client_assertion"));
    });

    void it("serves the App Service managed identity endpoint: header required, system- or user-assigned", async () => {
        const url = `${tokens.managedIdentityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent("https://vault.azure.net")}`;
        assert.equal((await httpGet(url, {})).status, 401);
        const system = await httpGet(url, { "X-IDENTITY-HEADER": tokens.managedIdentityHeader });
        assert.equal(system.status, 200);
        const body = JSON.parse(system.body) as { access_token: string; expires_on: string; client_id: string };
        assert.match(body.expires_on, /^\d+$/);
        assert.equal(decodeAccessToken(body.access_token)?.oid, tokens.identities.managedIdentity.objectId);
        const user = await httpGet(`${url}&client_id=ua-client`, { "X-IDENTITY-HEADER": tokens.managedIdentityHeader });
        assert.equal(
            decodeAccessToken((JSON.parse(user.body) as { access_token: string }).access_token)?.oid,
            "ua-object",
        );
        const missing = await httpGet(`${url}&client_id=nobody`, { "X-IDENTITY-HEADER": tokens.managedIdentityHeader });
        assert.equal(missing.status, 400);
    });

    void it("fails the next requests of a flow on demand", async () => {
        tokens.injectFailure("managed_identity", 1);
        const url = `${tokens.managedIdentityEndpoint}?api-version=2019-08-01&resource=https://vault.azure.net`;
        assert.equal((await httpGet(url, { "X-IDENTITY-HEADER": tokens.managedIdentityHeader })).status, 500);
        assert.equal((await httpGet(url, { "X-IDENTITY-HEADER": tokens.managedIdentityHeader })).status, 200);
    });

    void it("gives each credential mode exactly the variables it reads", () => {
        assert.deepEqual(Object.keys(tokens.envFor("client_secret")).sort(), [
            "AZURE_CLIENT_ID",
            "AZURE_CLIENT_SECRET",
            "AZURE_TENANT_ID",
        ]);
        assert.deepEqual(Object.keys(tokens.envFor("workload_identity")).sort(), [
            "AZURE_CLIENT_ID",
            "AZURE_FEDERATED_TOKEN_FILE",
            "AZURE_TENANT_ID",
        ]);
        assert.deepEqual(Object.keys(tokens.envFor("managed_identity")).sort(), [
            "IDENTITY_ENDPOINT",
            "IDENTITY_HEADER",
        ]);
        assert.deepEqual(tokens.envFor("default"), tokens.envFor("client_secret"));
        assert.deepEqual(
            tokens.envFor("default", { defaultVia: "managed_identity" }),
            tokens.envFor("managed_identity"),
        );
        assert.equal(existsSync(tokens.envFor("workload_identity").AZURE_FEDERATED_TOKEN_FILE), true);
    });
});

void describe("token emulator lifecycle", () => {
    void it("removes the federated token file and stops the managed identity endpoint on close", async () => {
        const tokens = await startTokenEmulator();
        const file = tokens.identities.workload.federatedTokenFile;
        await tokens.close();
        assert.equal(existsSync(file), false);
        await assert.rejects(httpGet(tokens.managedIdentityEndpoint, {}), /ECONNREFUSED/);
    });
});
