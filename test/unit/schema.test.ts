/** schema.json is the single source: the generated sdk types and the ajv validators must agree with it. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PackageSchema, renderSchemaTypes, repoRoot } from "../../tools/schema-types";
import { acmProvider, keyVaultProvider } from "../../provider";

const root = repoRoot();
const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8")) as PackageSchema;

describe("schema.json", () => {
    it("matches the committed sdk/schema-types.ts (run `npm run generate` after editing schema.json)", () => {
        const committed = fs.readFileSync(path.join(root, "sdk", "schema-types.ts"), "utf8");
        assert.equal(committed, renderSchemaTypes(schema));
    });

    it("marks privateKeyPem secret on both resources, and only it", () => {
        for (const resource of Object.values(schema.resources)) {
            const secrets = Object.entries(resource.inputProperties)
                .filter(([, p]) => (p as { secret?: boolean }).secret)
                .map(([k]) => k);
            assert.deepEqual(secrets, ["privateKeyPem"]);
        }
    });

    it("gives every input and output a description", () => {
        for (const [token, resource] of Object.entries(schema.resources)) {
            for (const [name, prop] of Object.entries({ ...resource.inputProperties, ...resource.properties })) {
                assert.ok(prop.description && prop.description.length > 10, `${token}.${name} has no description`);
            }
        }
    });

    it("has every output name the design lists", () => {
        const acm = Object.keys(schema.resources["certdeploy:index:AcmCertificate"].properties);
        for (const p of [
            "arn",
            "serial",
            "notBefore",
            "notAfter",
            "keyAlgorithm",
            "domainName",
            "subjectAlternativeNames",
            "fingerprintSha256",
            "lastDeployment",
        ])
            assert.ok(acm.includes(p), p);
        const kv = Object.keys(schema.resources["certdeploy:index:KeyVaultCertificate"].properties);
        for (const p of [
            "versionlessId",
            "versionlessSecretId",
            "certificateVersionId",
            "secretVersionId",
            "version",
            "thumbprint",
            "serial",
            "notBefore",
            "notAfter",
            "fingerprintSha256",
            "resourceManagerVersionlessSecretId",
            "lastDeployment",
        ])
            assert.ok(kv.includes(p), p);
    });

    it("drives the validators: a required input missing from schema.json's list is reported by check", async () => {
        for (const [token, provider] of [
            ["certdeploy:index:AcmCertificate", acmProvider],
            ["certdeploy:index:KeyVaultCertificate", keyVaultProvider],
        ] as const) {
            const result = await provider.check!({}, {});
            const reported = (result.failures ?? []).map((f) => f.property).sort();
            assert.deepEqual(reported, [...schema.resources[token].requiredInputs].sort());
        }
    });
});
