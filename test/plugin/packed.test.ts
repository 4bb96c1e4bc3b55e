/**
 * The package as users get it: `npm pack`, installed into an empty folder,
 * provides the plugin, which starts from there both ways the engine starts
 * it (PulumiPlugin.yaml in the package root, or the pulumi-resource-certdeploy
 * executable), answers with the shipped schema and runs the shared provider.
 * Needs the npm registry (or npm's cache) for the package's dependencies.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { hierarchy } from "../../testing/pki";
import { findRepoRoot } from "../harness/host-process";
import { launchPlugin, readPort } from "../harness/plugin-launch";
import { startPluginHost } from "../harness/plugin-host";
import { makeSecret } from "../harness/wire";

const root = findRepoRoot();

describe("the packed package provides the plugin", () => {
    let dir: string;
    let installed: string;

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-packed-"));
        const packed = JSON.parse(
            execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
                cwd: root,
                encoding: "utf8",
                timeout: 300_000,
            }),
        ) as { filename: string }[];
        const app = path.join(dir, "app");
        fs.mkdirSync(app);
        fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "empty-folder", private: true }));
        execFileSync(
            "npm",
            ["install", "--no-audit", "--no-fund", "--prefer-offline", path.join(dir, packed[0].filename)],
            { cwd: app, stdio: "ignore", timeout: 300_000 },
        );
        installed = path.join(app, "node_modules", "certdeploy");
    });
    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("ships PulumiPlugin.yaml at the package root and the plugin as a bin", () => {
        assert.match(fs.readFileSync(path.join(installed, "PulumiPlugin.yaml"), "utf8"), /^runtime: nodejs$/m);
        assert.ok(fs.existsSync(path.join(installed, "..", ".bin", "pulumi-resource-certdeploy")));
        assert.ok(
            !fs.existsSync(path.join(installed, "pulumi-resource-certdeploy")),
            "no executable in the root: the engine takes the PulumiPlugin.yaml route",
        );
    });

    it("starts from the installed package through PulumiPlugin.yaml, serves its schema and checks inputs", async (t) => {
        const plugin = await startPluginHost({ pluginDir: installed, project: "packed" });
        try {
            t.diagnostic(`plugin started from ${installed} via ${plugin.launched.route}, port ${plugin.port}`);
            console.log(`packed plugin port: ${plugin.port}`);
            assert.equal(plugin.launched.route, "nodejs");
            assert.ok(
                plugin.launched.command[1].startsWith(path.join(dir, "app", "node_modules")),
                "run-plugin resolved from the installed folder",
            );
            const started = await plugin.start();
            assert.equal(started.version, "0.1.0");
            assert.equal(await plugin.getSchema(), fs.readFileSync(path.join(installed, "schema.json"), "utf8"));
            const h = await hierarchy("api.example.com");
            const checked = await plugin.check(
                "urn:pulumi:dev::packed::certdeploy:index:AcmCertificate::api",
                {},
                {
                    region: "us-east-1",
                    certificatePem: h.leaf.certPem,
                    privateKeyPem: makeSecret(h.leaf.keyPem),
                    chainPem: h.chainPem,
                },
            );
            assert.deepEqual(
                checked.failures,
                [],
                "the shared provider (its schema validator, PEM checks) loads from the package",
            );
            assert.equal(checked.inputs.certificateId, "packed/dev/api");
        } finally {
            await plugin.close();
        }
    });

    it("starts as the pulumi-resource-certdeploy executable too and prints its port", async (t) => {
        const bin = path.join(installed, "..", ".bin");
        const launched = launchPlugin({
            pluginDir: bin,
            name: "certdeploy",
            pwd: dir,
            project: "packed",
            env: { PATH: process.env.PATH ?? "" },
            engineAddress: "127.0.0.1:1",
        });
        let stdout = "";
        let stderr = "";
        launched.child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
        launched.child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
        const exited = new Promise((resolve) => launched.child.on("exit", resolve));
        try {
            assert.equal(launched.route, "executable");
            const port = await readPort(launched.child, () => ({ stdout, stderr }), 60_000);
            t.diagnostic(`executable route port ${port}`);
            assert.ok(port > 0);
        } finally {
            launched.child.kill("SIGTERM");
            await exited;
        }
    });
});
