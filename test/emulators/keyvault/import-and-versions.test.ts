/**
 * Import, versions, tags, PEM vs PFX, updates and secrets, driven through
 * the real CertificateClient in a child process (and raw REST where the SDK
 * cannot express the request).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { readPkcs12 } from "../../../testing/keyvault/certificate-material";
import type { KeyVaultErrorBody } from "../../../testing/keyvault/errors";
import { errorOf, runSdkChild, valueOf, type SdkCertificateSummary, type SdkStep } from "./sdk-plan";
import { createChainedTestCertificate, traditionalPem, type TestCertificate } from "../../../testing/pki";
import { vaultRequest } from "../../../testing/keyvault/vault-request";
import { startAzureWorld, type AzureWorld } from "../../../testing/keyvault/world";

void describe("Key Vault import and versions through the SDK", () => {
    let world: AzureWorld;
    let a: TestCertificate;
    let b: TestCertificate;

    before(async () => {
        world = await startAzureWorld({ vaults: ["import-vault"], keyVault: { pageSize: 2 } });
        [a, b] = await Promise.all([createChainedTestCertificate(), createChainedTestCertificate()]);
    });
    after(async () => {
        await world.close();
    });

    const sdk = (steps: SdkStep[], maxRetries?: number) =>
        runSdkChild(world.childEnv("client_secret"), {
            vaultUrl: world.vaultUrl,
            credential: "client_secret",
            maxRetries,
            steps,
        });

    void it("challenges an anonymous request with the tenant's authority and the vault resource", async () => {
        const res = await vaultRequest(world, "GET", "/certificates/anything/", { anonymous: true });
        assert.equal(res.status, 401);
        assert.equal(
            res.headers["www-authenticate"],
            `Bearer authorization="https://login.microsoftonline.com/${world.tenantId}", resource="https://vault.azure.net"`,
        );
        assert.equal(res.json<KeyVaultErrorBody>().error.code, "Unauthorized");
    });

    void it("imports a password-protected PFX as a version whose x5t, serial and tags Key Vault reports back", async () => {
        world.keyVault.resetCalls();
        const results = await sdk([
            { op: "import", name: "pfx-cert", pfxBase64: a.pfxBase64("pw"), password: "pw", tags: { env: "test" } },
        ]);
        const imported = valueOf<SdkCertificateSummary>(results[0]);
        const latest = world.keyVault.latest("pfx-cert");
        assert.ok(latest);
        assert.equal(imported.version, latest.version);
        assert.equal(imported.x5tHex, a.x5tHex);
        assert.equal(latest.x5tHex, a.x5tHex);
        assert.equal(latest.serialHex, a.serialHex);
        assert.deepEqual(latest.tags, { env: "test" });
        assert.equal(latest.contentType, "application/x-pkcs12");
        assert.equal(imported.id, `https://import-vault.vault.azure.net/certificates/pfx-cert/${latest.version}`);
        assert.equal(
            imported.idOnCertificate,
            undefined,
            "SDK 4.10.3: KeyVaultCertificate.id is undefined; use properties.id",
        );
        assert.equal(imported.secretId, `https://import-vault.vault.azure.net/secrets/pfx-cert/${latest.version}`);
        const log = world.keyVault.calls().log;
        assert.deepEqual(
            log.map((r) => [r.operation, r.status, r.challenged]),
            [
                ["import", 401, true],
                ["import", 200, false],
            ],
        );
        assert.equal(log[1].apiVersion, "2025-07-01");
        assert.equal(
            JSON.stringify(log).includes(a.pfxBase64("pw").slice(0, 40)),
            false,
            "the call log holds no key material",
        );
    });

    void it("creates a new version on every import; tags belong to each version and are not carried forward", async () => {
        const results = await sdk([
            { op: "import", name: "tagged", pfxBase64: a.pfxBase64(), tags: { first: "yes" } },
            { op: "import", name: "tagged", pfxBase64: b.pfxBase64() },
            { op: "import", name: "tagged", pfxBase64: a.pfxBase64(), tags: { third: "yes" } },
            { op: "import", name: "tagged", pfxBase64: b.pfxBase64() },
            { op: "import", name: "tagged", pfxBase64: a.pfxBase64() },
            { op: "listVersions", name: "tagged" },
            { op: "get", name: "tagged" },
        ]);
        const versions = world.keyVault.versions("tagged");
        assert.equal(versions.length, 5);
        assert.deepEqual(
            versions.map((v) => v.tags),
            [{ first: "yes" }, {}, { third: "yes" }, {}, {}],
        );
        const listed = valueOf<{ version: string; tags: Record<string, string> }[]>(results[5]);
        assert.deepEqual(
            listed.map((v) => v.version),
            versions.map((v) => v.version),
        );
        assert.equal(valueOf<SdkCertificateSummary>(results[6]).version, versions[4].version);
        // page size 2: the SDK followed nextLink twice
        assert.equal(
            world.keyVault.calls().log.filter((r) => r.operation === "listVersions" && r.status === 200).length,
            3,
        );
        const first = await sdk([{ op: "getVersion", name: "tagged", version: versions[0].version }]);
        assert.deepEqual(valueOf<SdkCertificateSummary>(first[0]).tags, { first: "yes" });
    });

    void it("the SDK's PEM path sends no policy, so the PEM is read as PKCS#12 and refused (DESIGN.md §6)", async () => {
        world.keyVault.resetCalls();
        const results = await sdk(
            [{ op: "import", name: "pem-via-sdk", pem: a.pemBundle(), contentType: "application/x-pem-file" }],
            0,
        );
        const error = errorOf(results[0]);
        assert.equal(error.statusCode, 400);
        assert.equal(error.code, "BadParameter");
        assert.match(error.message, /PKCS#12/);
        const wire = world.keyVault.calls().log.find((r) => r.operation === "import" && !r.challenged)?.wire;
        assert.deepEqual(wire, {
            policySent: false,
            contentType: undefined,
            passwordSent: false,
            tagsSent: false,
            valueLooksLikePem: true,
        });
        assert.deepEqual(world.keyVault.versions("pem-via-sdk"), []);
    });

    void it("accepts PEM when policy.secret_props.contentType is on the wire, and refuses a PKCS#1 key", async () => {
        const policy = { secret_props: { contentType: "application/x-pem-file" } };
        const ok = await vaultRequest(world, "POST", "/certificates/pem-cert/import", {
            body: { value: b.pemBundle(), policy, tags: { via: "rest" } },
        });
        assert.equal(ok.status, 200);
        const bundle = ok.json<{ x5t: string; policy: { secret_props: { contentType: string } } }>();
        assert.equal(Buffer.from(bundle.x5t, "base64url").toString("hex"), b.x5tHex);
        assert.equal(bundle.policy.secret_props.contentType, "application/x-pem-file");
        assert.equal(world.keyVault.latest("pem-cert")?.wireContentType, "application/x-pem-file");
        const pkcs1 = await vaultRequest(world, "POST", "/certificates/pem-cert/import", {
            body: { value: b.pemBundle(traditionalPem(b.key)), policy },
        });
        assert.equal(pkcs1.status, 400);
        assert.match(
            pkcs1.json<KeyVaultErrorBody>().error.message,
            /PEM X\.509 certificate content is in an unexpected format/,
        );
        assert.equal(world.keyVault.versions("pem-cert").length, 1);
    });

    void it("updates tags and enabled on one version only", async () => {
        await sdk([
            { op: "import", name: "upd", pfxBase64: a.pfxBase64(), tags: { v: "1" } },
            { op: "import", name: "upd", pfxBase64: b.pfxBase64(), tags: { v: "2" } },
        ]);
        const [v1] = world.keyVault.versions("upd");
        const results = await sdk([
            { op: "update", name: "upd", tags: { v: "2", owner: "ops" } },
            { op: "update", name: "upd", version: v1.version, enabled: false },
        ]);
        assert.deepEqual(valueOf<SdkCertificateSummary>(results[0]).tags, { v: "2", owner: "ops" });
        const [after1, after2] = world.keyVault.versions("upd");
        assert.deepEqual([after1.enabled, after1.tags], [false, { v: "1" }]);
        assert.deepEqual([after2.enabled, after2.tags], [true, { v: "2", owner: "ops" }]);
    });

    void it("serves the version-less secret as the PFX, and refuses to read a disabled secret", async () => {
        const res = await vaultRequest(world, "GET", "/secrets/upd/");
        const secret = res.json<{ value: string; contentType: string; id: string }>();
        assert.equal(secret.contentType, "application/x-pkcs12");
        assert.equal(readPkcs12(secret.value).x5t.toString("hex"), b.x5tHex);
        assert.equal(secret.id, `${world.vaultUrl}/secrets/upd/${world.keyVault.latest("upd")?.version}`);
        const [v1] = world.keyVault.versions("upd");
        const disabled = await vaultRequest(world, "GET", `/secrets/upd/${v1.version}`);
        assert.equal(disabled.status, 403);
        assert.equal(disabled.json<KeyVaultErrorBody>().error.innererror?.code, "SecretDisabled");
    });

    void it("refuses an expired certificate, more than 15 tags and an invalid name", async () => {
        const expired = await createChainedTestCertificate({
            notBefore: new Date(Date.now() - 10 * 86_400_000),
            notAfter: new Date(Date.now() - 86_400_000),
        });
        const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`t${i}`, "v"]));
        const results = await sdk(
            [
                { op: "import", name: "old", pfxBase64: expired.pfxBase64() },
                { op: "import", name: "many-tags", pfxBase64: a.pfxBase64(), tags: sixteen },
                { op: "get", name: "no_underscores" },
            ],
            0,
        );
        assert.match(errorOf(results[0]).message, /expired/);
        assert.match(errorOf(results[1]).message, /exceeds the limit of 15/);
        assert.equal(errorOf(results[2]).code, "BadParameter");
    });
});
