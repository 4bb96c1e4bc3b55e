/**
 * examples/yaml-alb/Pulumi.yaml against schema.json: every certdeploy resource
 * type exists, every property is an input of it, required inputs are set,
 * every `${resource.property}` read from a certdeploy resource is an output,
 * secret inputs come from secret config, and the plugin is declared.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { findRepoRoot } from "../harness/host-process";
import { parseYaml } from "../harness/yaml";

interface SchemaProperty {
    type?: string;
    $ref?: string;
    secret?: boolean;
    properties?: Record<string, SchemaProperty>;
}
interface PackageSchema {
    name: string;
    types: Record<string, { properties?: Record<string, SchemaProperty> }>;
    resources: Record<
        string,
        {
            inputProperties: Record<string, SchemaProperty>;
            requiredInputs: string[];
            properties: Record<string, SchemaProperty>;
        }
    >;
}
interface YamlProgram {
    runtime?: string;
    plugins?: { providers?: { name: string; path?: string }[] };
    config?: Record<string, { type?: string; secret?: boolean; default?: unknown }>;
    resources?: Record<string, { type: string; properties?: Record<string, unknown> }>;
    outputs?: Record<string, unknown>;
}

const root = findRepoRoot();
const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8")) as PackageSchema;
const programText = fs.readFileSync(path.join(root, "examples", "yaml-alb", "Pulumi.yaml"), "utf8");

/** Every `${a.b.c}` in a value, as its path segments. */
function references(value: unknown): string[][] {
    if (typeof value === "string") return [...value.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1].trim().split("."));
    if (Array.isArray(value)) return value.flatMap(references);
    if (typeof value === "object" && value !== null) return Object.values(value).flatMap(references);
    return [];
}

/** The property a path reaches in an output type, or undefined when the schema has no such property. */
function follow(prop: SchemaProperty | undefined, rest: string[]): SchemaProperty | undefined {
    if (!prop || rest.length === 0) return prop;
    const fields = prop.$ref ? schema.types[prop.$ref.replace("#/types/", "")]?.properties : prop.properties;
    return follow(fields?.[rest[0]], rest.slice(1));
}

/** What is wrong with a YAML program's use of certdeploy, one line per problem. */
function yamlProblems(program: YamlProgram): string[] {
    const problems: string[] = [];
    const resources = program.resources ?? {};
    const config = program.config ?? {};
    if (program.runtime !== "yaml") problems.push(`runtime is ${String(program.runtime)}, not yaml`);
    if (!program.plugins?.providers?.some((p) => p.name === schema.name))
        problems.push("plugins.providers does not declare the certdeploy plugin");
    const ours = Object.entries(resources).filter(([, r]) => r.type.startsWith(`${schema.name}:`));
    if (ours.length === 0) problems.push("no certdeploy resource");
    for (const [name, res] of ours) {
        const spec = schema.resources[res.type];
        if (!spec) {
            problems.push(`${name}: type ${res.type} is not in schema.json`);
            continue;
        }
        const props = res.properties ?? {};
        for (const key of Object.keys(props))
            if (!spec.inputProperties[key]) problems.push(`${name}: ${key} is not an input of ${res.type}`);
        for (const key of spec.requiredInputs)
            if (props[key] === undefined) problems.push(`${name}: required input ${key} is missing`);
        for (const [key, value] of Object.entries(props)) {
            const prop = spec.inputProperties[key];
            if (
                prop?.type === "object" &&
                (typeof value !== "object" || value === null || Object.values(value).some((v) => typeof v !== "string"))
            )
                problems.push(`${name}: ${key} must be a map of strings`);
            if (prop?.type === "string" && typeof value !== "string") problems.push(`${name}: ${key} must be a string`);
            if (!prop?.secret) continue;
            const fromSecretConfig =
                typeof value === "string" &&
                references(value).every(([ref]) => config[ref]?.secret === true) &&
                references(value).length === 1;
            if (!fromSecretConfig) problems.push(`${name}: ${key} is secret; set it from config declared secret: true`);
        }
    }
    for (const [first, ...rest] of references({ resources, outputs: program.outputs })) {
        const target = resources[first];
        if (!target) {
            if (!config[first]) problems.push(`\${${first}} is neither a resource nor a config key`);
            continue;
        }
        const spec = schema.resources[target.type];
        if (!spec) continue;
        if (!follow(spec.properties[rest[0]], rest.slice(1)))
            problems.push(`\${${[first, ...rest].join(".")}}: ${target.type} has no output ${rest.join(".")}`);
    }
    return problems;
}

describe("examples/yaml-alb against schema.json", () => {
    const program = parseYaml(programText) as YamlProgram;

    it("uses only types, inputs and outputs that schema.json defines, and takes the key from secret config", () => {
        assert.deepEqual(yamlProblems(program), []);
        assert.equal(
            program.resources?.https.properties?.certificateArn,
            "${certificate.arn}",
            "the listener takes the certificate's ARN",
        );
    });

    it("the check catches a misspelt input, a missing required input, an unknown output and a plain-text key", () => {
        const broken = structuredClone(program);
        const cert = broken.resources!.certificate.properties!;
        cert.certificatePEM = cert.certificatePem;
        delete cert.certificatePem;
        cert.privateKeyPem = "-----BEGIN PRIVATE KEY-----";
        broken.outputs = {
            ...broken.outputs,
            expiry: "${certificate.expiresAt}",
            result: "${certificate.lastDeployment.outcome}",
        };
        const problems = yamlProblems(broken).join("\n");
        assert.match(problems, /certificatePEM is not an input/);
        assert.match(problems, /required input certificatePem is missing/);
        assert.match(problems, /has no output expiresAt/);
        assert.match(problems, /has no output lastDeployment\.outcome/);
        assert.match(problems, /privateKeyPem is secret/);
    });
});
