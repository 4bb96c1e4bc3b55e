/**
 * What the certificate sets register, under the SDK's mock runtime (program
 * shape only; deployments are in test/e2e/sets-*.test.ts): each child's
 * region or vault, provenance id, parent and dependency, and per-member
 * options found under any spelling of the member.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificateSet, KeyVaultCertificateSet } from "../../sdk";
import { hierarchy, type Hierarchy } from "../../testing/pki";
import { runProgram, type RegisteredResource } from "../harness/program";

const ACM = "pulumi-nodejs:dynamic/certdeploy:AcmCertificate";
const KV = "pulumi-nodejs:dynamic/certdeploy:KeyVaultCertificate";
const run = (program: () => void): Promise<RegisteredResource[]> =>
    runProgram(program, { project: "shop", stack: "prod" });
const byName = (regs: RegisteredResource[], name: string): RegisteredResource => {
    const found = regs.find((r) => r.name === name);
    assert.ok(found, `${name} is registered`);
    return found;
};

describe("AcmCertificateSet and KeyVaultCertificateSet registrations", () => {
    let h: Hierarchy;
    const material = () => ({ certificatePem: h.leaf.certPem, privateKeyPem: h.leaf.keyPem, chainPem: h.chainPem });

    it("an ACM set: children named <name>-<region>, default ids <project>/<stack>/<child>, the rest depending on the canary", async () => {
        h = await hierarchy("api.example.com");
        const regs = await run(() => {
            new AcmCertificateSet("api", {
                regions: ["us-east-1", "eu-west-1", "ap-southeast-2"],
                canaryRegion: "ap-southeast-2",
                ...material(),
            });
        });
        const set = byName(regs, "api");
        assert.equal(set.type, "certdeploy:index:AcmCertificateSet");
        assert.equal(set.custom, false);
        assert.deepEqual(set.inputs, {}, "the component registers no inputs (no key material)");
        const children = regs.filter((r) => r.type === ACM);
        assert.deepEqual(
            children.map((c) => [c.name, c.inputs.region, c.inputs.certificateId, c.parent]),
            [
                ["api-ap-southeast-2", "ap-southeast-2", "shop/prod/api-ap-southeast-2", set.urn],
                ["api-us-east-1", "us-east-1", "shop/prod/api-us-east-1", set.urn],
                ["api-eu-west-1", "eu-west-1", "shop/prod/api-eu-west-1", set.urn],
            ],
        );
        const canary = byName(regs, "api-ap-southeast-2");
        assert.deepEqual(canary.dependencies, []);
        for (const name of ["api-us-east-1", "api-eu-west-1"])
            assert.deepEqual(byName(regs, name).dependencies, [canary.urn]);
        for (const c of children) assert.ok(c.secretInputs.includes("privateKeyPem"), `${c.name}: the key is a secret`);
    });

    it("a set's certificateId becomes <id>-<member>; a member's own certificateId and aliases win, under any spelling of the member", async () => {
        h ??= await hierarchy("api.example.com");
        const regs = await run(() => {
            new KeyVaultCertificateSet("agw", {
                vaultUrls: ["https://prod-weu.vault.azure.net", "https://prod-neu.vault.azure.net"],
                certificateName: "api-prod",
                certificateId: "shop/prod/agw",
                // Keyed by another spelling of the second vault: case and a trailing slash.
                perVault: {
                    "https://PROD-NEU.vault.azure.net/": {
                        certificateId: "shop/prod/api-agw",
                        aliases: [{ name: "api-agw", parent: pulumi.rootStackResource }],
                    },
                },
                ...material(),
            });
        });
        assert.deepEqual(
            regs.filter((r) => r.type === KV).map((c) => [c.name, c.inputs.vaultUrl, c.inputs.certificateId]),
            [
                ["agw-prod-weu", "https://prod-weu.vault.azure.net", "shop/prod/agw-prod-weu"],
                ["agw-prod-neu", "https://prod-neu.vault.azure.net", "shop/prod/api-agw"],
            ],
        );
    });

    it("refuses, at construction, two per-member entries for one member and an unknown consumer", async () => {
        h ??= await hierarchy("api.example.com");
        const duplicateOptions = () =>
            new AcmCertificateSet("api", {
                regions: ["us-east-1"],
                perRegion: { "us-east-1": {}, "US-EAST-1": {} },
                ...material(),
            });
        assert.throws(
            duplicateOptions,
            /AcmCertificateSet "api": perRegion has "us-east-1" and "US-EAST-1" for the same region; keep one/,
        );
        const unknownConsumer = () =>
            new AcmCertificateSet("api", { regions: ["us-east-1"], consumers: ["alb" as "cloudfront"], ...material() });
        assert.throws(
            unknownConsumer,
            /AcmCertificateSet "api": consumers has "alb"; the consumers that need a fixed region are cloudfront, api-gateway-edge/,
        );
    });
});
