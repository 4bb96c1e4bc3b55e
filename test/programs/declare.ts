/**
 * The generic test program: reads a program spec (spec.ts) from the file named
 * in config `harness:specFile` and constructs its resources with the real
 * classes, in order, as a hand-written program would. Run by the harness
 * engine under the real Node language runtime; never imported by tests.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificate, AcmCertificateSet, KeyVaultCertificate, KeyVaultCertificateSet } from "../../sdk";
import { Widget } from "../harness/fixtures/widget";
import {
    CONFIG_MARK,
    OUTPUT_MARK,
    SECRET_MARK,
    type DeclaredOptions,
    type DeclaredResource,
    type ProgramSpec,
    type SpecObject,
    type SpecValue,
} from "./spec";

const harnessConfig = new pulumi.Config("harness");
const specFile = harnessConfig.require("specFile");
const spec = JSON.parse(fs.readFileSync(specFile, "utf8")) as ProgramSpec;
const declared = new Map<string, pulumi.Resource>();

function isObject(v: SpecValue): v is SpecObject {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function resourceNamed(name: string, by: string): pulumi.Resource {
    const found = declared.get(name);
    if (!found) throw new Error(`${by}: resource "${name}" is not declared before it`);
    return found;
}

function resolve(v: SpecValue, by: string): unknown {
    if (Array.isArray(v)) return v.map((e) => resolve(e, by));
    if (!isObject(v)) return v;
    if (SECRET_MARK in v) {
        const inner = v[SECRET_MARK];
        // Secret values come from secret config (spec.ts moved them there), already secret Outputs.
        const key = isObject(inner) ? inner[CONFIG_MARK] : undefined;
        if (typeof key === "string") return harnessConfig.requireSecretObject(key);
        return pulumi.secret(resolve(inner, by));
    }
    if (OUTPUT_MARK in v) {
        const ref = v[OUTPUT_MARK] as { resource: string; property: string };
        const value = (resourceNamed(ref.resource, by) as unknown as Record<string, unknown>)[ref.property];
        if (!pulumi.Output.isInstance(value)) throw new Error(`${by}: ${ref.resource} has no output "${ref.property}"`);
        return value;
    }
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v)) out[k] = resolve(e, by);
    return out;
}

function options(r: DeclaredResource): pulumi.CustomResourceOptions {
    const o: DeclaredOptions = r.options ?? {};
    const opts: pulumi.CustomResourceOptions = {};
    if (o.dependsOn) opts.dependsOn = o.dependsOn.map((n) => resourceNamed(n, r.name));
    if (o.parent) opts.parent = resourceNamed(o.parent, r.name);
    if (o.protect !== undefined) opts.protect = o.protect;
    if (o.retainOnDelete !== undefined) opts.retainOnDelete = o.retainOnDelete;
    if (o.ignoreChanges) opts.ignoreChanges = o.ignoreChanges;
    if (o.replaceOnChanges) opts.replaceOnChanges = o.replaceOnChanges;
    if (o.deleteBeforeReplace !== undefined) opts.deleteBeforeReplace = o.deleteBeforeReplace;
    if (o.aliases) opts.aliases = o.aliases.map((name) => ({ name }));
    if (o.customTimeouts) opts.customTimeouts = o.customTimeouts;
    if (o.additionalSecretOutputs) opts.additionalSecretOutputs = o.additionalSecretOutputs;
    if (o.import) opts.import = o.import;
    if (o.deletedWith) opts.deletedWith = resourceNamed(o.deletedWith, r.name);
    return opts;
}

class StandIn extends pulumi.CustomResource {
    constructor(type: string, name: string, props: Record<string, unknown>, opts: pulumi.CustomResourceOptions) {
        super(type, name, props, opts);
    }
}

class Component extends pulumi.ComponentResource {
    constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
    }

    publish(outputs: Record<string, unknown>): void {
        this.registerOutputs(outputs);
    }
}

function construct(r: DeclaredResource): pulumi.Resource {
    const args = resolve(r.args, r.name) as never;
    const opts = options(r);
    switch (r.class) {
        case "AcmCertificate":
            return new AcmCertificate(r.name, args, opts);
        case "KeyVaultCertificate":
            return new KeyVaultCertificate(r.name, args, opts);
        case "AcmCertificateSet":
            return new AcmCertificateSet(r.name, args, opts);
        case "KeyVaultCertificateSet":
            return new KeyVaultCertificateSet(r.name, args, opts);
        case "Widget":
            return new Widget(r.name, args, opts);
        case "StandIn": {
            const props: Record<string, unknown> = { ...(args as Record<string, unknown>) };
            for (const name of r.outputs ?? []) if (!(name in props)) props[name] = undefined;
            return new StandIn(r.type ?? "standin:index:Resource", r.name, props, opts);
        }
        case "Component": {
            const c = new Component(r.type ?? "harness:index:Component", r.name, opts);
            c.publish(r.componentOutputs ? (resolve(r.componentOutputs, r.name) as Record<string, unknown>) : {});
            return c;
        }
    }
}

for (const r of spec.resources) declared.set(r.name, construct(r));

const stackOutputs = spec.exports ? (resolve(spec.exports, "exports") as Record<string, unknown>) : {};
export = stackOutputs;
