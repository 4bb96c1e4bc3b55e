import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import * as http from "node:http";
import { after, before, describe, it } from "node:test";
import { startConnectProxy, type ConnectProxy } from "../../../testing/tls/connect-proxy";
import { hostMatchesPattern, isAllowedHost, cloudOfVaultHost } from "../../../testing/tls/host-patterns";
import { connectTunnel, httpsRequest } from "../../../testing/tls/https-request";
import { createTestCa, type TestCa } from "../../../testing/pki";

void describe("host allow-list", () => {
    void it("matches exactly one label for a wildcard and is case-insensitive", () => {
        assert.equal(hostMatchesPattern("Prod-Vault.vault.azure.net", "*.vault.azure.net"), true);
        assert.equal(hostMatchesPattern("a.b.vault.azure.net", "*.vault.azure.net"), false);
        assert.equal(hostMatchesPattern("vault.azure.net", "*.vault.azure.net"), false);
        assert.equal(hostMatchesPattern("evil.vault.azure.net.attacker.test", "*.vault.azure.net"), false);
    });

    void it("allows the vault suffixes and login hosts of the three clouds and nothing else", () => {
        for (const host of [
            "x.vault.azure.net",
            "x.vault.azure.cn",
            "x.vault.usgovcloudapi.net",
            "login.microsoftonline.com",
            "login.chinacloudapi.cn",
            "login.partner.microsoftonline.cn",
            "login.microsoftonline.us",
        ]) {
            assert.equal(isAllowedHost(host), true, host);
        }
        for (const host of [
            "x.vault.microsoftazure.de",
            "management.azure.com",
            "registry.npmjs.org",
            "login.windows.net",
            "127.0.0.1",
        ]) {
            assert.equal(isAllowedHost(host), false, host);
        }
        assert.equal(cloudOfVaultHost("kv.vault.azure.cn"), "china");
        assert.equal(cloudOfVaultHost("127.0.0.1"), undefined);
    });
});

void describe("test CA", () => {
    void it("issues leaves for DNS names and IPs that chain to the CA", async () => {
        const ca = await createTestCa();
        const issued = await ca.issueServerCertificate(["myvault.vault.azure.net", "127.0.0.1"]);
        const leaf = new X509Certificate(issued.certificatePem);
        const root = new X509Certificate(ca.certificatePem);
        assert.equal(leaf.verify(root.publicKey), true);
        assert.equal(leaf.checkIssued(root), true);
        assert.equal(leaf.checkHost("myvault.vault.azure.net"), "myvault.vault.azure.net");
        assert.equal(leaf.checkIP("127.0.0.1"), "127.0.0.1");
        assert.equal(root.ca, true);
        assert.match(issued.privateKeyPem, /BEGIN PRIVATE KEY/);
    });
});

void describe("CONNECT proxy", () => {
    let ca: TestCa;
    let proxy: ConnectProxy;
    const served: string[] = [];

    before(async () => {
        ca = await createTestCa();
        const handler: http.RequestListener = (req, res) => {
            served.push(`${req.headers.host} ${req.method} ${req.url}`);
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify({ host: req.headers.host, encrypted: "encrypted" in req.socket }));
        };
        proxy = await startConnectProxy({
            ca,
            route: (host) =>
                host === "myvault.vault.azure.net" || host === "login.microsoftonline.com" ? handler : undefined,
        });
    });
    after(async () => {
        await proxy.close();
    });

    void it("terminates TLS for an allowed host with a leaf the test CA issued for that name", async () => {
        const res = await httpsRequest("https://myvault.vault.azure.net/certificates/x?api-version=7.5", {
            ca: ca.certificatePem,
            proxyUrl: proxy.url,
        });
        assert.equal(res.status, 200);
        assert.deepEqual(res.json(), { host: "myvault.vault.azure.net", encrypted: true });
        assert.ok(served.includes("myvault.vault.azure.net GET /certificates/x?api-version=7.5"));
    });

    void it("is not trusted without the test CA", async () => {
        const other = await createTestCa();
        await assert.rejects(
            httpsRequest("https://myvault.vault.azure.net/", { ca: other.certificatePem, proxyUrl: proxy.url }),
            /self-signed|unable to verify|certificate/i,
        );
    });

    void it("refuses hosts outside the allow-list with 403 and never connects out", async () => {
        await assert.rejects(connectTunnel(proxy.url, "registry.npmjs.org", 443), /403/);
        await assert.rejects(connectTunnel(proxy.url, "myvault.vault.azure.net", 8443), /403/);
        const refused = proxy
            .connects()
            .filter((c) => c.outcome === "refused")
            .map((c) => `${c.host}:${c.port}`);
        assert.deepEqual(refused.slice(-2), ["registry.npmjs.org:443", "myvault.vault.azure.net:8443"]);
    });

    void it("answers 502 for an allowed host nobody serves, like a DNS failure", async () => {
        await assert.rejects(connectTunnel(proxy.url, "other-vault.vault.azure.net", 443), /502/);
        assert.equal(proxy.connects().at(-1)?.outcome, "unrouted");
    });

    void it("refuses plain-HTTP proxying", async () => {
        const status = await new Promise<number>((resolve, reject) => {
            const req = http.request(
                { host: "127.0.0.1", port: proxy.port, path: "http://example.com/", method: "GET" },
                (res) => {
                    res.resume();
                    resolve(res.statusCode ?? 0);
                },
            );
            req.on("error", reject);
            req.end();
        });
        assert.equal(status, 405);
    });
});
