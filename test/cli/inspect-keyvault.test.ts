/**
 * `certdeploy inspect keyvault` against the Key Vault emulator behind the TLS
 * proxy (startAzureWorld), with a managed identity credential from the token
 * emulator: latest version, provenance, tags, version history; not found; forbidden; usage.
 */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { VersionSummary } from "../../testing/keyvault";
import { startAzureWorld, type AzureWorld } from "../../testing/keyvault/world";
import { hierarchy, type Hierarchy } from "../../testing/pki";
import { assertNoKeyMaterial } from "./material-files";
import { jsonOf, runCli, type CliRun } from "./run-cli";

interface KeyVaultJson {
    target: string;
    vaultUrl: string;
    name: string;
    versionlessId: string;
    version: string;
    serial: string;
    notAfter: string;
    daysToExpiry: number;
    thumbprint: string;
    provenance: { managedByCertdeploy: boolean; certificateId?: string; description: string };
    tags: Record<string, string>;
    versions: {
        version: string;
        x5t: string;
        created: string;
        enabled: boolean;
        provenance: { managedByCertdeploy: boolean; certificateId?: string };
    }[];
}

const colonHex = (hex: string): string => (hex.length % 2 ? `0${hex}` : hex).match(/../g)!.join(":").toLowerCase();
const PROVENANCE = { "certdeploy-managed-by": "certdeploy", "certdeploy-certificate-id": "shop/prod/api-agw" };

describe("certdeploy inspect keyvault", () => {
    let world: AzureWorld;
    let v1: Hierarchy;
    let v2: Hierarchy;
    let legacy: Hierarchy;
    let first: VersionSummary;
    let second: VersionSummary;
    let vaultUrl: string;
    const outputs: string[] = [];
    const cli = async (args: string[]): Promise<CliRun> => {
        const run = await runCli(["inspect", "keyvault", ...args], { env: world.childEnv("managed_identity") });
        outputs.push(run.stdout, run.stderr);
        return run;
    };
    const lookup = (name: string): string[] => [
        "--vault-url",
        vaultUrl,
        "--name",
        name,
        "--credential-mode",
        "managed_identity",
    ];

    before(async () => {
        world = await startAzureWorld({ vaults: ["prod-vault"] });
        vaultUrl = world.vault("prod-vault");
        [v1, v2, legacy] = await Promise.all([
            hierarchy("api.example.com", { kind: "rsa", bits: 2048 }),
            hierarchy("api.example.com", { kind: "rsa", bits: 2048 }),
            hierarchy("legacy.example.com", { kind: "rsa", bits: 2048 }),
        ]);
        // The first version was imported by hand, before certdeploy took the name over: tags belong to each version.
        first = world.keyVault.importOutOfBand("api-prod", {
            pem: v1.leaf.keyPem + v1.leaf.certPem,
            tags: { env: "production" },
        });
        second = world.keyVault.importOutOfBand("api-prod", {
            pem: v2.leaf.keyPem + v2.leaf.certPem,
            tags: { ...PROVENANCE, env: "production" },
        });
        world.keyVault.importOutOfBand("legacy-cert", {
            pem: legacy.leaf.keyPem + legacy.leaf.certPem,
            tags: { owner: "team-legacy" },
        });
    });

    after(async () => {
        await world.close();
        assertNoKeyMaterial(outputs.join("\n"), [v1.leaf.keyPem, v2.leaf.keyPem, legacy.leaf.keyPem]);
    });

    it("shows the latest version's serial, validity, thumbprint, provenance and tags, and every version with x5t, created, enabled and its own provenance", async () => {
        const run = await cli(lookup("api-prod"));
        assert.equal(run.code, 0, run.stderr);
        assert.ok(run.stdout.startsWith(`Azure Key Vault: ${vaultUrl}/certificates/api-prod\n`), run.stdout);
        assert.match(run.stdout, new RegExp(`version\\s+${second.version}\\n`));
        assert.ok(run.stdout.includes(colonHex(v2.leaf.serial)), run.stdout);
        assert.ok(run.stdout.includes(v2.leaf.cert.notAfter.toISOString()), run.stdout);
        assert.match(run.stdout, /provenance\s+managed by certdeploy, certificateId shop\/prod\/api-agw\n/);
        assert.match(
            run.stdout,
            /tags\s+certdeploy-certificate-id=shop\/prod\/api-agw, certdeploy-managed-by=certdeploy, env=production/,
        );
        assert.match(run.stdout, /versions \(2, newest first\):/);
        assert.match(
            run.stdout,
            new RegExp(
                `  ${second.version}  x5t ${second.x5tHex.toUpperCase()}  created \\S+Z  enabled  certificateId shop/prod/api-agw  \\(latest\\)`,
            ),
        );
        assert.match(
            run.stdout,
            new RegExp(
                `  ${first.version}  x5t ${first.x5tHex.toUpperCase()}  created \\S+Z  enabled  not managed by certdeploy\\n`,
            ),
        );
    });

    it("--json gives the latest version and the version list as fields; a certificate without provenance tags is not managed by certdeploy", async () => {
        const run = await cli([...lookup("api-prod"), "--json"]);
        assert.equal(run.code, 0, run.stderr);
        const result = jsonOf<KeyVaultJson>(run);
        assert.equal(result.target, "keyvault");
        assert.equal(result.versionlessId, `${vaultUrl}/certificates/api-prod`);
        assert.equal(result.version, second.version);
        assert.equal(result.serial, colonHex(v2.leaf.serial));
        assert.equal(result.thumbprint, second.x5tHex.toUpperCase());
        assert.equal(result.provenance.certificateId, "shop/prod/api-agw");
        assert.deepEqual(
            result.versions.map((v) => [v.version, v.x5t, v.enabled, v.provenance.certificateId]),
            [
                [second.version, second.x5tHex.toUpperCase(), true, "shop/prod/api-agw"],
                [first.version, first.x5tHex.toUpperCase(), true, undefined],
            ],
        );
        for (const v of result.versions) assert.ok(!Number.isNaN(Date.parse(v.created)));

        const other = jsonOf<KeyVaultJson>(await cli([...lookup("legacy-cert"), "--json"]));
        assert.deepEqual(other.provenance, { managedByCertdeploy: false, description: "not managed by certdeploy" });
        assert.deepEqual(other.tags, { owner: "team-legacy" });
        assert.equal(other.versions.length, 1);
    });

    it("a name that does not exist exits 1 with a not-found message", async () => {
        const run = await cli(lookup("no-such-cert"));
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "");
        assert.ok(
            run.stderr.includes(`certificate not found: no certificate named no-such-cert in ${vaultUrl}`),
            run.stderr,
        );
        const json = await cli([...lookup("no-such-cert"), "--json"]);
        assert.equal(json.code, 1);
        assert.match(jsonOf<{ error: { message: string } }>(json).error.message, /^certificate not found/);
    });

    it("a forbidden read exits 1 naming the RBAC data action to grant", async () => {
        world.keyVault.injectFault({ operation: "getCertificate", kind: "forbidden" });
        const run = await cli(lookup("api-prod"));
        world.keyVault.clearFaults();
        assert.equal(run.code, 1);
        assert.match(
            run.stderr,
            /getCertificate on .*api-prod was forbidden: grant the RBAC data action Microsoft\.KeyVault\/vaults\/certificates\/read/,
        );
    });

    it("a vault URL Key Vault cannot be, an invalid name or an unknown credential mode exits 2", async () => {
        const http = await cli(["--vault-url", "http://prod-vault.vault.azure.net", "--name", "api-prod"]);
        assert.equal(http.code, 2);
        assert.match(http.stderr, /--vault-url uses http; Key Vault is reached only over https/);
        const hsm = await cli(["--vault-url", "https://keys.managedhsm.azure.net", "--name", "api-prod"]);
        assert.equal(hsm.code, 2);
        assert.match(hsm.stderr, /Managed HSM/);
        const name = await cli(["--vault-url", vaultUrl, "--name", "api_prod"]);
        assert.equal(name.code, 2);
        assert.match(name.stderr, /--name must be 1-127 characters/);
        const mode = await cli(["--vault-url", vaultUrl, "--name", "api-prod", "--credential-mode", "password"]);
        assert.equal(mode.code, 2);
        assert.match(mode.stderr, /Allowed choices are default, managed_identity, client_secret, workload_identity/);
    });
});
