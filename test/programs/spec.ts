/**
 * Program specs: the resources of a Pulumi program as data, for the generic
 * program `declare.ts`, which the harness engine runs under the real Node
 * language runtime. A test builds a spec with the helpers here:
 *
 *     const program = declare([
 *         acmCertificate("api", { region: "us-east-1", certificatePem, privateKeyPem: secret(keyPem), endpoint }),
 *         standIn("aws:lb/listener:Listener", "https", { port: 443, certificateArn: output("api", "arn") }),
 *     ]);
 *     await stack.up(program);
 *
 * `secret(v)` is `pulumi.secret(v)` in the program; `output(name, prop)` is
 * the named resource's output (a real Output: the dependant waits for it and
 * depends on that resource, as in a hand-written program).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ProgramRun } from "../harness/language-runtime";
import type { Hierarchy } from "../../testing/pki";

export type SpecValue = null | boolean | number | string | SpecValue[] | SpecObject;
export interface SpecObject {
    [key: string]: SpecValue;
}

export const SECRET_MARK = "$secret";
export const OUTPUT_MARK = "$output";
/** In a spec file, a secret is a reference to secret config: `{ "$secret": { "$config": "secret0" } }`. */
export const CONFIG_MARK = "$config";

export type DeclaredClass =
    | "AcmCertificate"
    | "KeyVaultCertificate"
    | "AcmCertificateSet"
    | "KeyVaultCertificateSet"
    | "Widget"
    | "StandIn"
    | "Component";

export interface DeclaredOptions {
    /** Names of resources declared earlier in the spec. */
    dependsOn?: string[];
    /** Name of a Component declared earlier. */
    parent?: string;
    protect?: boolean;
    retainOnDelete?: boolean;
    ignoreChanges?: string[];
    replaceOnChanges?: string[];
    deleteBeforeReplace?: boolean;
    /** Names this resource had before (same parent). */
    aliases?: string[];
    customTimeouts?: { create?: string; update?: string; delete?: string };
    additionalSecretOutputs?: string[];
    /** Options the harness engine refuses (tests prove it fails loudly): an id to import, a resource name. */
    import?: string;
    deletedWith?: string;
}

export interface DeclaredResource {
    class: DeclaredClass;
    name: string;
    /** Type token, for StandIn (e.g. `aws:lb/listener:Listener`) and Component. */
    type?: string;
    args: SpecObject;
    options?: DeclaredOptions;
    /** StandIn: output names to expose beyond the args (e.g. `arn`), so `output(name, "arn")` works. */
    outputs?: string[];
    /** Component: outputs registered with registerOutputs. */
    componentOutputs?: SpecObject;
}

export interface ProgramSpec {
    resources: DeclaredResource[];
    /** Stack outputs: export name → value. */
    exports?: SpecObject;
}

/** Anything a test passes as an arg: spec values, plus undefined members (dropped, as the wire drops them). */
export type ArgValue = SpecValue | undefined | ArgValue[] | { [key: string]: ArgValue };
export type Args = { [key: string]: ArgValue };

function clean(v: ArgValue): SpecValue {
    if (v === undefined) return null;
    if (Array.isArray(v)) return v.map(clean);
    if (v !== null && typeof v === "object") {
        const out: SpecObject = {};
        for (const [k, e] of Object.entries(v)) if (e !== undefined) out[k] = clean(e);
        return out;
    }
    return v;
}

function cleanArgs(args: Args): SpecObject {
    return clean(args) as SpecObject;
}

export function secret(value: ArgValue): SpecObject {
    return { [SECRET_MARK]: clean(value) };
}

/** A hierarchy's leaf, its key (as a secret) and its chain: the certificate inputs of either resource. */
export function certificateInputs(h: Hierarchy): Args {
    return { certificatePem: h.leaf.certPem, privateKeyPem: secret(h.leaf.keyPem), chainPem: h.chainPem };
}

export function output(resource: string, property: string): SpecObject {
    return { [OUTPUT_MARK]: { resource, property } };
}

export function acmCertificate(name: string, args: Args, options?: DeclaredOptions): DeclaredResource {
    return { class: "AcmCertificate", name, args: cleanArgs(args), ...(options ? { options } : {}) };
}

export function keyVaultCertificate(name: string, args: Args, options?: DeclaredOptions): DeclaredResource {
    return { class: "KeyVaultCertificate", name, args: cleanArgs(args), ...(options ? { options } : {}) };
}

/** An AcmCertificateSet (a component): its children are `<name>-<region>`; `output(name, "arns")` is its map. */
export function acmCertificateSet(name: string, args: Args, options?: DeclaredOptions): DeclaredResource {
    return { class: "AcmCertificateSet", name, args: cleanArgs(args), ...(options ? { options } : {}) };
}

/** A KeyVaultCertificateSet (a component): its children are `<name>-<vault name>`; `output(name, "versionlessSecretIds")` is its map. */
export function keyVaultCertificateSet(name: string, args: Args, options?: DeclaredOptions): DeclaredResource {
    return { class: "KeyVaultCertificateSet", name, args: cleanArgs(args), ...(options ? { options } : {}) };
}

/** The harness's own Widget dynamic resource (test/harness/fixtures/widget.ts). */
export function widget(name: string, args: Args, options?: DeclaredOptions): DeclaredResource {
    return { class: "Widget", name, args: cleanArgs(args), ...(options ? { options } : {}) };
}

/** A resource of another package, served by the engine's recording stand-in provider. */
export function standIn(
    type: string,
    name: string,
    args: Args,
    options?: DeclaredOptions & { outputs?: string[] },
): DeclaredResource {
    const { outputs, ...rest } = options ?? {};
    return {
        class: "StandIn",
        type,
        name,
        args: cleanArgs(args),
        ...(Object.keys(rest).length > 0 ? { options: rest } : {}),
        ...(outputs ? { outputs } : {}),
    };
}

export function component(
    type: string,
    name: string,
    options?: DeclaredOptions & { outputs?: Args },
): DeclaredResource {
    const { outputs, ...rest } = options ?? {};
    return {
        class: "Component",
        type,
        name,
        args: {},
        ...(Object.keys(rest).length > 0 ? { options: rest } : {}),
        ...(outputs ? { componentOutputs: cleanArgs(outputs) } : {}),
    };
}

let specDir: string | undefined;
let specCount = 0;

/** Where spec files go: one temporary directory per test process, removed when it exits. */
function specDirectory(): string {
    if (specDir) return specDir;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-specs-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    specDir = dir;
    return dir;
}

/** The compiled generic program (dist/test/programs/declare.js). */
export const DECLARE_PROGRAM = path.join(__dirname, "declare.js");
export const SPEC_CONFIG_KEY = "harness:specFile";

/**
 * Moves every secret value out of the spec into secret config (deduplicated by
 * value), as `pulumi config set --secret` would: the language host hands
 * secret config to the program in its environment (PULUMI_CONFIG), so no key
 * material is ever written to a file by the harness.
 */
function extractSecrets(v: SpecValue, secrets: Map<string, string>): SpecValue {
    if (Array.isArray(v)) return v.map((e) => extractSecrets(e, secrets));
    if (v === null || typeof v !== "object") return v;
    if (SECRET_MARK in v) {
        const json = JSON.stringify(v[SECRET_MARK]);
        let key = secrets.get(json);
        if (key === undefined) {
            key = `secret${secrets.size}`;
            secrets.set(json, key);
        }
        return { [SECRET_MARK]: { [CONFIG_MARK]: key } };
    }
    const out: SpecObject = {};
    for (const [k, e] of Object.entries(v)) out[k] = extractSecrets(e, secrets);
    return out;
}

/**
 * The program that declares `resources` (in order) under the real runtime.
 * The spec travels as a file named in config (PULUMI_CONFIG is one
 * environment variable, too small for a thousand certificates); its secrets
 * travel as secret config.
 */
export function declare(resources: DeclaredResource[], stackOutputs?: Args): ProgramRun {
    const secrets = new Map<string, string>();
    const spec: ProgramSpec = {
        resources: resources.map((r) => ({ ...r, args: extractSecrets(r.args, secrets) as SpecObject })),
        ...(stackOutputs ? { exports: extractSecrets(cleanArgs(stackOutputs), secrets) as SpecObject } : {}),
    };
    const file = path.join(specDirectory(), `spec-${++specCount}.json`);
    fs.writeFileSync(file, JSON.stringify(spec));
    const config: Record<string, string> = { [SPEC_CONFIG_KEY]: file };
    for (const [json, key] of secrets) config[`harness:${key}`] = json;
    return { file: DECLARE_PROGRAM, config, secretConfig: [...secrets.values()].map((key) => `harness:${key}`) };
}
