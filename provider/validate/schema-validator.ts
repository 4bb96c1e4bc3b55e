/**
 * Input validators compiled with ajv from schema.json, the single source of
 * property names, types, required inputs and formats. ajv reports rule and
 * path; we map the path to the property and never echo the value.
 */
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import schema from "../../schema.json";
import { error, Problem } from "../material/problem";

interface Constraints {
    maxLength?: number;
    pattern?: string;
    formatHint?: string;
}
interface SchemaProperty {
    type?: string;
    $ref?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    language?: { certdeploy?: Constraints };
}
interface SchemaType {
    enum?: { value: string }[];
    properties?: Record<string, SchemaProperty>;
    required?: string[];
}

export type ResourceToken = "certdeploy:index:AcmCertificate" | "certdeploy:index:KeyVaultCertificate";

const TAG_VALUE_MAX = 256;
/** List inputs (servingChecks): a bound on their length, as every string has one. */
const LIST_MAX = 64;
const types = schema.types as Record<string, SchemaType>;

function toJsonSchema(prop: SchemaProperty): Record<string, unknown> {
    if (prop.$ref) {
        const type = types[prop.$ref.replace("#/types/", "")];
        if (type?.properties) {
            const properties = Object.fromEntries(
                Object.entries(type.properties).map(([name, p]) => [name, toJsonSchema(p)]),
            );
            return { type: "object", properties, required: type.required ?? [], additionalProperties: false };
        }
        return { enum: type?.enum?.map((e) => e.value) };
    }
    if (prop.type === "object") {
        return { type: "object", additionalProperties: { type: "string", maxLength: TAG_VALUE_MAX } };
    }
    if (prop.type === "array") return { type: "array", items: toJsonSchema(prop.items ?? {}), maxItems: LIST_MAX };
    const c = prop.language?.certdeploy ?? {};
    return {
        type: prop.type,
        ...(c.maxLength !== undefined ? { maxLength: c.maxLength } : {}),
        ...(c.pattern !== undefined ? { pattern: c.pattern } : {}),
    };
}

interface CompiledResource {
    validate: ValidateFunction;
    hints: Record<string, Constraints>;
    enums: Record<string, string[]>;
    /** Map inputs (tags): free keys, whose per-value errors keep their own wording. */
    maps: Set<string>;
    /** List inputs (servingChecks): errors name the entry's index. */
    lists: Set<string>;
}

const ajv = new Ajv({ allErrors: true, strict: true, verbose: false });
const compiled = new Map<ResourceToken, CompiledResource>();

function compile(token: ResourceToken): CompiledResource {
    const cached = compiled.get(token);
    if (cached) return cached;
    const resource = schema.resources[token];
    const inputs = resource.inputProperties as Record<string, SchemaProperty>;
    const properties: Record<string, unknown> = {};
    const hints: Record<string, Constraints> = {};
    const enums: Record<string, string[]> = {};
    const maps = new Set<string>();
    const lists = new Set<string>();
    for (const [name, prop] of Object.entries(inputs)) {
        const js = toJsonSchema(prop);
        properties[name] = js;
        hints[name] = prop.language?.certdeploy ?? {};
        const ref = prop.$ref ?? prop.items?.$ref;
        for (const [field, p] of Object.entries(ref ? (types[ref.replace("#/types/", "")]?.properties ?? {}) : {})) {
            hints[`${name}/${field}`] = p.language?.certdeploy ?? {};
        }
        if (Array.isArray(js.enum)) enums[name] = js.enum as string[];
        if (prop.type === "object") maps.add(name);
        if (prop.type === "array") lists.add(name);
    }
    const validate = ajv.compile({
        type: "object",
        properties,
        required: resource.requiredInputs,
        additionalProperties: false,
    });
    const result = { validate, hints, enums, maps, lists };
    compiled.set(token, result);
    return result;
}

/** Validates plain inputs (no `__provider`, no unknowns) against schema.json. */
export function validateAgainstSchema(token: ResourceToken, inputs: Record<string, unknown>): Problem[] {
    const { validate, hints, enums, maps, lists } = compile(token);
    if (validate(inputs)) return [];
    return (validate.errors ?? []).map((e) => describe(e, hints, enums, maps, lists));
}

/**
 * Errors inside an object input name the top-level property and the field: `assumeRole field roleArn is required`;
 * inside a list of objects, the entry too: `servingChecks entry 2 field endpoint has the wrong format`.
 */
function describe(
    e: ErrorObject,
    hints: Record<string, Constraints>,
    enums: Record<string, string[]>,
    maps: Set<string>,
    lists: Set<string>,
): Problem {
    const all = e.instancePath.split("/").filter(Boolean);
    const property = all[0] ?? "";
    const entry = lists.has(property) && all.length > 1 ? `entry ${all[1]} ` : "";
    const segments = entry ? [property, ...all.slice(2)] : all;
    const field = segments.length > 1 && !maps.has(property) ? segments.slice(1).join(".") : undefined;
    if (field !== undefined)
        return nestedProblem(e, property, `${entry}field ${field}`, hints[`${property}/${segments[1]}`]);
    switch (e.keyword) {
        case "required":
            if (property) return error(property, `${entry}field ${String(e.params.missingProperty)} is required`);
            return error(String(e.params.missingProperty), "is required");
        case "additionalProperties":
            if (property)
                return error(
                    property,
                    `${entry}has no field ${String(e.params.additionalProperty)}; check the spelling against the documentation`,
                );
            return error(
                String(e.params.additionalProperty),
                "is not a property of this resource; check the spelling against the documentation",
            );
        case "type":
            if (entry) return error(property, `${entry}must be ${withArticle(String(e.params.type))}`);
            return error(
                property,
                segments.length > 1
                    ? `values must be ${e.params.type}s`
                    : `must be ${withArticle(String(e.params.type))}`,
            );
        case "maxItems":
            return error(property, `has more than ${e.params.limit} entries`);
        case "maxLength":
            return error(
                property,
                segments.length > 1
                    ? `value of "${segments[1]}" is longer than ${e.params.limit} characters`
                    : `is longer than ${e.params.limit} characters`,
            );
        case "pattern":
            return error(
                property,
                `has the wrong format; expected ${hints[property]?.formatHint ?? "the documented format"}`,
            );
        case "enum":
            return error(property, `must be one of ${(enums[property] ?? []).join(", ")}`);
        default:
            return error(property, `is invalid (${e.keyword})`);
    }
}

const withArticle = (type: string): string => `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;

/** `subject`: `field roleArn`, or `entry 0 field endpoint` inside a list. */
function nestedProblem(e: ErrorObject, property: string, subject: string, hint: Constraints | undefined): Problem {
    switch (e.keyword) {
        case "type":
            return error(property, `${subject} must be ${withArticle(String(e.params.type))}`);
        case "maxLength":
            return error(property, `${subject} is longer than ${e.params.limit} characters`);
        case "pattern":
            return error(
                property,
                `${subject} has the wrong format; expected ${hint?.formatHint ?? "the documented format"}`,
            );
        default:
            return error(property, `${subject} is invalid (${e.keyword})`);
    }
}
