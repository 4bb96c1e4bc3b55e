/**
 * `certdeploy serving --stack-export FILE` against a stack the harness engine
 * deployed (an AcmCertificate and a KeyVaultCertificate, each with a serving
 * check on a loopback TLS server): exit 0 when both serve the deployed leaf,
 * 1 on a mismatch or an unreachable endpoint, 0 when nothing is recorded.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { acmCertificate, declare, keyVaultCertificate, certificateInputs } from "../programs/spec";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { AzureWorld, startAzureWorld } from "../../testing/keyvault/world";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { ServingServer, startServingServer } from "../fixtures/serving-server";
import { SERVING_ENV, served, unhex } from "../e2e/serving-outputs";
import { TestStack } from "../e2e/stack";
import { pemIdentity } from "../e2e/live-identity";
import { TempFiles } from "./material-files";
import { jsonOf, runCli } from "./run-cli";

interface ServingJson {
    checks: {
        resource: string;
        endpoint: string;
        matched: boolean;
        servedFingerprintSha256: string;
        expectedFingerprintSha256: string;
        error?: string;
    }[];
    mismatches: number;
}

describe("certdeploy serving: the endpoints a stack recorded, against the deployed fingerprints", () => {
    const files = new TempFiles();
    let acm: AcmEmulator;
    let world: AzureWorld;
    let stack: TestStack;
    let alb: ServingServer;
    let agw: ServingServer;
    let acmLeaf: Hierarchy;
    let kvLeaf: Hierarchy;
    let other: Hierarchy;
    let exportFile: string;
    const cliEnv = { ...process.env, ...SERVING_ENV };

    before(async () => {
        [acmLeaf, kvLeaf, other] = await Promise.all([
            hierarchy("api.example.com"),
            hierarchy("agw.example.com", { kind: "rsa", bits: 2048 }),
            hierarchy("api.example.com"),
        ]);
        [acm, world, alb, agw] = await Promise.all([
            startAcmEmulator(),
            startAzureWorld({ vaults: ["prod-vault"] }),
            startServingServer(served(acmLeaf)),
            startServingServer(served(kvLeaf)),
        ]);
        stack = new TestStack({ ...world.env("managed_identity"), ...SERVING_ENV });
        const result = await stack.up(
            declare([
                acmCertificate("api", {
                    region: "us-east-1",
                    ...certificateInputs(acmLeaf),
                    endpoint: acm.endpoint,
                    servingChecks: [
                        { endpoint: alb.endpoint, serverName: "api.example.com", timeoutSeconds: 5, required: true },
                    ],
                }),
                keyVaultCertificate("agw", {
                    vaultUrl: world.vault("prod-vault"),
                    certificateName: "agw-prod",
                    ...certificateInputs(kvLeaf),
                    credentialMode: "managed_identity",
                    servingChecks: [{ endpoint: agw.endpoint, timeoutSeconds: 5 }],
                }),
            ]),
        );
        assert.equal(result.ok, true, result.errors.join("\n"));
        // The engine's state has the shape of `pulumi stack export`'s resources (field names as Pulumi writes them).
        exportFile = files.write(
            "stack.json",
            JSON.stringify({ version: 3, deployment: { resources: stack.engine.state.resources } }),
        );
    });
    after(async () => {
        await Promise.all([acm.close(), world.close(), alb.close(), agw.close()]);
        stack.cleanup();
        files.cleanup();
    });

    it("exits 0 when every recorded endpoint serves its resource's deployed leaf", async () => {
        const run = await runCli(["serving", "--stack-export", exportFile], { env: cliEnv });
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /2 of 2 checks serve the deployed certificate/);
        const json = jsonOf<ServingJson>(
            await runCli(["serving", "--stack-export", exportFile, "--json"], { env: cliEnv }),
        );
        assert.deepEqual(json.checks.map((c) => [c.resource, c.endpoint, c.matched]).sort(), [
            ["agw", agw.endpoint, true],
            ["api", alb.endpoint, true],
        ]);
        const api = json.checks.find((c) => c.resource === "api")!;
        assert.equal(unhex(api.servedFingerprintSha256), pemIdentity(acmLeaf.leaf.certPem).leaf);
        assert.equal(api.expectedFingerprintSha256, stack.outputs("api").fingerprintSha256);
    });

    it("exits 1 when an endpoint serves another certificate, and names what it served", async () => {
        agw.serve(served(other));
        try {
            const run = await runCli(["serving", "--stack-export", exportFile, "--timeout", "0.5", "--json"], {
                env: cliEnv,
            });
            assert.equal(run.code, 1, run.stdout + run.stderr);
            const json = jsonOf<ServingJson>(run);
            assert.equal(json.mismatches, 1);
            const agwCheck = json.checks.find((c) => c.resource === "agw")!;
            assert.equal(agwCheck.matched, false);
            assert.equal(unhex(agwCheck.servedFingerprintSha256), pemIdentity(other.leaf.certPem).leaf);
        } finally {
            agw.serve(served(kvLeaf));
        }
    });

    it("exits 1 for an unreachable endpoint, within --timeout", async () => {
        const closed = await startServingServer(served(acmLeaf));
        await closed.close();
        const text = JSON.stringify({ version: 3, deployment: { resources: stack.engine.state.resources } })
            .split(alb.endpoint)
            .join(closed.endpoint);
        const t0 = performance.now();
        const run = await runCli(
            ["serving", "--stack-export", files.write("unreachable.json", text), "--timeout", "1"],
            { env: cliEnv },
        );
        const elapsed = performance.now() - t0;
        assert.equal(run.code, 1, run.stdout + run.stderr);
        assert.match(
            run.stdout,
            new RegExp(`api +${closed.endpoint.replace(/\./g, "\\.")} +unreachable .*ECONNREFUSED`),
        );
        assert.match(run.stdout, /1 of 2 checks serve the deployed certificate/);
        assert.ok(elapsed < 5000, `took ${Math.round(elapsed)} ms with --timeout 1`);
    });

    it("reads the plugin's certdeploy:index:* types too", async () => {
        const text = JSON.stringify({ version: 3, deployment: { resources: stack.engine.state.resources } })
            .split("pulumi-nodejs:dynamic/certdeploy:AcmCertificate")
            .join("certdeploy:index:AcmCertificate");
        agw.serve(served(other));
        try {
            const run = await runCli(
                ["serving", "--stack-export", files.write("plugin.json", text), "--timeout", "0.3", "--json"],
                { env: cliEnv },
            );
            assert.equal(run.code, 1);
            const json = jsonOf<ServingJson>(run);
            assert.deepEqual(json.checks.map((c) => [c.resource, c.matched]).sort(), [
                ["agw", false],
                ["api", true],
            ]);
        } finally {
            agw.serve(served(kvLeaf));
        }
    });

    it("exits 0 when no resource records a serving check, and 2 for input it cannot read", async () => {
        const none = await runCli(
            [
                "serving",
                "--stack-export",
                files.write("none.json", JSON.stringify({ version: 3, deployment: { resources: [] } })),
            ],
            { env: cliEnv },
        );
        assert.equal(none.code, 0, none.stderr);
        assert.match(none.stdout, /no serving checks recorded in .*none\.json/);
        const missing = await runCli(["serving", "--stack-export", files.path("nope.json")], { env: cliEnv });
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /cannot read stack export .*nope\.json: no such file/);
        const badTimeout = await runCli(["serving", "--stack-export", exportFile, "--timeout", "-1"], { env: cliEnv });
        assert.equal(badTimeout.code, 2);
    });
});
