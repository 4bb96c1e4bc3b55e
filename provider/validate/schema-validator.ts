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
const types = schema.types as Record<string, SchemaType>;

function toJsonSchema(prop: SchemaProperty): Record<string, unknown> {
    if (prop.$ref) {
        const type = types[prop.$ref.replace("#/types/", "")];
        if (type?.properties) {
            const properties = Object.fromEntries(Object.entries(type.properties).map(([name, p]) => [name, toJsonSchema(p)]));
            return { type: "object", properties, required: type.required ?? [], additionalProperties: false };
        }
        return { enum: type?.enum?.map((e) => e.value) };
    }
    if (prop.type === "object") {
        return { type: "object", additionalProperties: { type: "string", maxLength: TAG_VALUE_MAX } };
    }
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
    for (const [name, prop] of Object.entries(inputs)) {
        const js = toJsonSchema(prop);
        properties[name] = js;
        hints[name] = prop.language?.certdeploy ?? {};
        for (const [field, p] of Object.entries(prop.$ref ? (types[prop.$ref.replace("#/types/", "")]?.properties ?? {}) : {})) {
            hints[`${name}/${field}`] = p.language?.certdeploy ?? {};
        }
        if (Array.isArray(js.enum)) enums[name] = js.enum as string[];
        if (prop.type === "object") maps.add(name);
    }
    const validate = ajv.compile({
        type: "object",
        properties,
        required: resource.requiredInputs,
        additionalProperties: false,
    });
    const result = { validate, hints, enums, maps };
    compiled.set(token, result);
    return result;
}

/** Validates plain inputs (no `__provider`, no unknowns) against schema.json. */
export function validateAgainstSchema(token: ResourceToken, inputs: Record<string, unknown>): Problem[] {
    const { validate, hints, enums, maps } = compile(token);
    if (validate(inputs)) return [];
    return (validate.errors ?? []).map((e) => describe(e, hints, enums, maps));
}

/** Errors inside an object input name the top-level property and the field: `assumeRole field roleArn is required`. */
function describe(e: ErrorObject, hints: Record<string, Constraints>, enums: Record<string, string[]>, maps: Set<string>): Problem {
    const segments = e.instancePath.split("/").filter(Boolean);
    const property = segments[0] ?? "";
    const field = segments.length > 1 && !maps.has(property) ? segments.slice(1).join(".") : undefined;
    if (field !== undefined) return nestedProblem(e, property, field, hints[`${property}/${segments[1]}`]);
    switch (e.keyword) {
        case "required":
            if (property) return error(property, `field ${String(e.params.missingProperty)} is required`);
            return error(String(e.params.missingProperty), "is required");
        case "additionalProperties":
            if (property) return error(property, `has no field ${String(e.params.additionalProperty)}; check the spelling against the documentation`);
            return error(String(e.params.additionalProperty), "is not a property of this resource; check the spelling against the documentation");
        case "type":
            return error(property, segments.length > 1 ? `values must be ${e.params.type}s` : `must be a ${e.params.type}`);
        case "maxLength":
            return error(property, segments.length > 1 ? `value of "${segments[1]}" is longer than ${e.params.limit} characters` : `is longer than ${e.params.limit} characters`);
        case "pattern":
            return error(property, `has the wrong format; expected ${hints[property]?.formatHint ?? "the documented format"}`);
        case "enum":
            return error(property, `must be one of ${(enums[property] ?? []).join(", ")}`);
        default:
            return error(property, `is invalid (${e.keyword})`);
    }
}

function nestedProblem(e: ErrorObject, property: string, field: string, hint: Constraints | undefined): Problem {
    switch (e.keyword) {
        case "type":
            return error(property, `field ${field} must be a ${e.params.type}`);
        case "maxLength":
            return error(property, `field ${field} is longer than ${e.params.limit} characters`);
        case "pattern":
            return error(property, `field ${field} has the wrong format; expected ${hint?.formatHint ?? "the documented format"}`);
        default:
            return error(property, `field ${field} is invalid (${e.keyword})`);
    }
}
