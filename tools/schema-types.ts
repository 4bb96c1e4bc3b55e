/**
 * Generates `sdk/schema-types.ts` from `schema.json`, the single source of
 * property names, types and requiredness. `npm run generate` rewrites the file;
 * test/unit/schema-types.test.ts fails when the committed file is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";

interface PropertySpec {
    type?: string;
    $ref?: string;
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
    description?: string;
    secret?: boolean;
}
interface TypeSpec {
    type: string;
    description?: string;
    enum?: { value: string }[];
    properties?: Record<string, PropertySpec>;
    required?: string[];
}
interface ResourceSpec {
    description: string;
    inputProperties: Record<string, PropertySpec>;
    requiredInputs: string[];
    properties: Record<string, PropertySpec>;
    required: string[];
}
export interface PackageSchema {
    name: string;
    types: Record<string, TypeSpec>;
    resources: Record<string, ResourceSpec>;
}

const shortName = (token: string): string => token.split(":")[2] ?? token;

function tsType(spec: PropertySpec): string {
    if (spec.$ref) return shortName(spec.$ref.replace("#/types/", ""));
    switch (spec.type) {
        case "string":
            return "string";
        case "integer":
        case "number":
            return "number";
        case "boolean":
            return "boolean";
        case "array":
            return `${tsType(spec.items ?? {})}[]`;
        case "object":
            return `Record<string, ${tsType(spec.additionalProperties ?? {})}>`;
        default:
            throw new Error(`schema.json: unsupported property type ${JSON.stringify(spec)}`);
    }
}

function docComment(text: string | undefined, indent: string): string {
    if (!text) return "";
    return `${indent}/** ${text.replace(/\*\//g, "*\\/")} */\n`;
}

function objectInterface(name: string, props: Record<string, PropertySpec>, required: string[], doc?: string): string {
    const lines = Object.entries(props).map(([key, spec]) => {
        const optional = required.includes(key) ? "" : "?";
        return `${docComment(spec.description, "    ")}    ${key}${optional}: ${tsType(spec)};`;
    });
    return `${docComment(doc, "")}export interface ${name} {\n${lines.join("\n")}\n}\n`;
}

export function renderSchemaTypes(schema: PackageSchema): string {
    const out: string[] = [
        "// Generated from schema.json by tools/schema-types.ts. Do not edit: run `npm run generate`.\n",
    ];
    for (const [token, spec] of Object.entries(schema.types)) {
        const name = shortName(token);
        if (spec.enum) {
            out.push(
                `${docComment(spec.description, "")}export type ${name} = ${spec.enum.map((e) => JSON.stringify(e.value)).join(" | ")};\n`,
            );
        } else {
            out.push(objectInterface(name, spec.properties ?? {}, spec.required ?? [], spec.description));
        }
    }
    for (const [token, spec] of Object.entries(schema.resources)) {
        const name = shortName(token);
        out.push(
            objectInterface(
                `${name}Inputs`,
                spec.inputProperties,
                spec.requiredInputs,
                `Inputs of ${name}: ${spec.description}`,
            ),
        );
        out.push(objectInterface(`${name}Outputs`, spec.properties, spec.required, `Outputs of ${name}.`));
        const outputOnly = Object.keys(spec.properties).filter((k) => !(k in spec.inputProperties));
        out.push(
            `/** Outputs of ${name} that are not inputs: registered as undefined so the engine reports them back. */\nexport const ${name}OutputOnly = ${JSON.stringify(outputOnly)} as const;\n`,
        );
        const secrets = Object.entries(spec.inputProperties)
            .filter(([, p]) => p.secret)
            .map(([k]) => k);
        out.push(
            `/** Inputs of ${name} that are always secrets. */\nexport const ${name}SecretInputs = ${JSON.stringify(secrets)} as const;\n`,
        );
    }
    return out.join("\n");
}

export const repoRoot = (): string => {
    // dist/tools/… at run time, tools/… in the source tree
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, "schema.json")) || path.basename(dir) === "dist") dir = path.dirname(dir);
    return dir;
};

if (require.main === module) {
    const root = repoRoot();
    const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8")) as PackageSchema;
    fs.writeFileSync(path.join(root, "sdk", "schema-types.ts"), renderSchemaTypes(schema));
    console.log("wrote sdk/schema-types.ts");
}
