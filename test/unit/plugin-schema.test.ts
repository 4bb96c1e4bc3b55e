/**
 * schema.json as a Pulumi package schema: what `pulumi package add` /
 * `pulumi package gen-sdk` and the plugin's GetSchema serve. Validated against
 * Pulumi's own metaschema (vendored, see test/fixtures/pulumi-metaschema/SOURCE.md).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { repoRoot } from "../../tools/schema-types";

const root = repoRoot();
const read = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));
const schema = read("schema.json") as {
    name: string;
    version: string;
    language: Record<string, Record<string, unknown>>;
    resources: Record<
        string,
        { inputProperties: Record<string, { secret?: boolean }>; properties: Record<string, { secret?: boolean }> }
    >;
};

/** The metaschema compiled with the two formats it uses: `regex` checked by compiling it, `uri-reference` taken as is. */
function metaschemaValidator(): ReturnType<Ajv2020["compile"]> {
    const isRegex = (text: string): boolean => {
        try {
            new RegExp(text, "u");
            return true;
        } catch {
            return false;
        }
    };
    const ajv = new Ajv2020({ allErrors: true, strict: false, formats: { regex: isRegex, "uri-reference": true } });
    return ajv.compile(read("test/fixtures/pulumi-metaschema/pulumi.json") as object);
}

describe("schema.json as a Pulumi package schema", () => {
    it("is valid against the Pulumi package metaschema", () => {
        const validate = metaschemaValidator();
        const valid = validate(schema);
        assert.equal(valid, true, JSON.stringify(validate.errors?.map((e) => `${e.instancePath} ${e.message ?? ""}`)));
    });

    it("the metaschema check rejects a schema the codegen would reject", () => {
        const validate = metaschemaValidator();
        assert.equal(validate({ ...schema, name: "1certdeploy" }), false, "a package name must start with a letter");
        assert.equal(validate({ ...schema, version: "one" }), false, "the version must be semver");
        const badType = structuredClone(schema) as unknown as {
            resources: Record<string, { inputProperties: Record<string, { type?: string }> }>;
        };
        badType.resources["certdeploy:index:AcmCertificate"].inputProperties.region.type = "strin";
        assert.equal(validate(badType), false, "a property type must be one the codegen knows");
        assert.equal(
            validate({ ...schema, meta: { moduleFormat: "(" } }),
            false,
            "moduleFormat must be a regular expression",
        );
    });

    it("has language sections for nodejs, python, go and csharp", () => {
        for (const language of ["nodejs", "python", "go", "csharp"])
            assert.ok(schema.language[language], `language.${language}`);
        assert.equal(schema.language.python.packageName, "pulumi_certdeploy");
        assert.match(String(schema.language.go.importBasePath), /\/sdk\/go\/certdeploy$/);
        assert.notEqual(
            schema.language.nodejs.packageName,
            "certdeploy",
            "a generated Node SDK must not shadow the dynamic package",
        );
    });

    it("carries the package version, which GetPluginInfo reports and generated SDKs pin", () => {
        assert.equal(schema.version, (read("package.json") as { version: string }).version);
    });

    it("marks every secret input secret as an output too, so generated SDKs keep it secret", () => {
        for (const [token, resource] of Object.entries(schema.resources)) {
            for (const [name, prop] of Object.entries(resource.inputProperties)) {
                if (prop.secret) assert.equal(resource.properties[name]?.secret, true, `${token}.${name}`);
            }
        }
    });
});
