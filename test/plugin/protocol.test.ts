/**
 * The plugin's own protocol, as the engine sees it when it starts the plugin
 * from this checkout (PulumiPlugin.yaml → run-plugin → package main): what it
 * accepts, what it reports about itself, and what `import "certdeploy"` does not do.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { findRepoRoot } from "../harness/host-process";
import { PluginHost, startPluginHost } from "../harness/plugin-host";
import { makeSecret, UNKNOWN } from "../harness/wire";

const root = findRepoRoot();

describe("the certdeploy plugin's protocol", () => {
    let plugin: PluginHost;

    before(async () => {
        plugin = await startPluginHost({ project: "proto" });
    });
    after(async () => {
        await plugin.close();
    });

    it("starts through PulumiPlugin.yaml and the Node language host's run-plugin, and prints only its port first", () => {
        assert.equal(plugin.launched.route, "nodejs");
        assert.match(plugin.launched.command[1], /@pulumi[\\/]pulumi[\\/]cmd[\\/]run-plugin[\\/]index\.js$/);
        assert.match(plugin.logs().stdout, /^\d+\n/);
    });

    it("accepts secrets in Handshake and Configure, and runs CheckConfig and DiffConfig", async () => {
        const started = await plugin.start();
        assert.equal(started.protocol.acceptSecrets, true);
        assert.equal(started.protocol.supportsPreview, false, "preview never calls Create/Update");
        assert.deepEqual(await plugin.handshake(), {
            acceptSecrets: true,
            acceptResources: false,
            acceptOutputs: false,
        });
        const config = await plugin.checkConfig({}, { version: "0.1.0" });
        assert.deepEqual(config, { inputs: { version: "0.1.0" }, failures: [] });
        const same = await plugin.diffConfig({ version: "0.1.0" }, { version: "0.1.0" });
        assert.equal(same.changes, "none");
        const upgraded = await plugin.diffConfig({ version: "0.1.0" }, { version: "0.2.0" });
        assert.deepEqual(
            [upgraded.changes, upgraded.diffs, upgraded.replaces],
            ["some", ["version"], []],
            "a new plugin version replaces nothing",
        );
    });

    it("GetPluginInfo reports the package version and GetSchema returns schema.json as shipped", async () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
        assert.equal(await plugin.getPluginInfo(), pkg.version);
        assert.equal(await plugin.getSchema(), fs.readFileSync(path.join(root, "schema.json"), "utf8"));
    });

    it("Check defaults certificateId from the URN, keeps the key sealed and reports problems without echoing values", async () => {
        const urn = "urn:pulumi:prod::shop::certdeploy:index:KeyVaultCertificate::api-agw";
        const checked = await plugin.check(
            urn,
            {},
            {
                vaultUrl: "http://prod-vault.vault.azure.net",
                certificateName: "api",
                certificatePem: "x",
                privateKeyPem: makeSecret("not a key"),
            },
        );
        assert.equal(checked.inputs.certificateId, "shop/prod/api-agw");
        assert.deepEqual(checked.inputs.privateKeyPem, makeSecret("not a key"));
        const properties = checked.failures.map((f) => f.property).sort();
        assert.ok(properties.includes("vaultUrl") && properties.includes("certificatePem"), JSON.stringify(properties));
        assert.doesNotMatch(JSON.stringify(checked.failures), /not a key/);
    });

    it("in preview, an input another resource has not produced yet (unknown) is no failure and shows as a change", async () => {
        const urn = "urn:pulumi:dev::proto::certdeploy:index:AcmCertificate::api";
        const checked = await plugin.check(
            urn,
            {},
            { region: "us-east-1", certificatePem: UNKNOWN, privateKeyPem: makeSecret(UNKNOWN) },
        );
        assert.deepEqual(checked.failures, []);
        const olds = {
            region: "us-east-1",
            certificatePem: "old",
            privateKeyPem: makeSecret("old"),
            certificateId: "proto/dev/api",
            arn: "arn:aws:acm:us-east-1:123456789012:certificate/x",
        };
        const diff = await plugin.diff(
            "arn:aws:acm:us-east-1:123456789012:certificate/x",
            urn,
            olds,
            checked.inputs,
            olds,
        );
        assert.equal(diff.changes, "some");
        assert.deepEqual(Object.keys(diff.detailedDiff).sort(), ["certificatePem", "privateKeyPem"]);
        assert.deepEqual(diff.replaces, []);
    });

    it("names an unknown resource type and the types it serves", async () => {
        await assert.rejects(
            plugin.check("urn:pulumi:dev::p::certdeploy:index:Nope::x", {}, {}),
            /unknown resource type "certdeploy:index:Nope".*AcmCertificate/,
        );
    });

    it('import "certdeploy" from a program gives the SDK and starts no server', () => {
        const out = execFileSync(
            process.execPath,
            [
                "-e",
                `const c = require(${JSON.stringify(path.join(root, "dist", "sdk", "index.js"))}); console.log(typeof c.AcmCertificate.get)`,
            ],
            {
                encoding: "utf8",
                timeout: 20_000,
            },
        );
        assert.equal(out, "function\n", "the process exits by itself: nothing listens");
    });
});
