/**
 * The engine's steps for resources served by a native plugin, reduced to what
 * certdeploy's tests need: preview, up, refresh, destroy and import, one
 * resource at a time, with a fresh plugin process per command (as `pulumi`
 * starts one per run). The plugin answers acceptSecrets=true, so the engine
 * sends secrets as envelopes and stores what the plugin returns as is: a value
 * the plugin does not seal lands in state in plain text (no re-marking here,
 * unlike engine.ts for the dynamic host).
 *
 * Engine rules reproduced (pulumi pkg/resource/deploy/step.go, step_generator.go):
 * - Check(olds = old inputs, news), then Diff(old outputs, checked news, old inputs);
 *   DIFF_UNKNOWN falls back to comparing inputs; a resource with init errors is updated;
 * - a replacement calls Check again with no olds, creates the new resource, then
 *   deletes the old one (create-before-delete unless deleteBeforeReplace);
 * - a create that fails with ErrorResourceInitFailed records id and outputs; an update
 *   that does keeps the old inputs with the new outputs and the init errors;
 * - refresh keeps the old inputs when Read returns none and drops a resource whose Read returns no id;
 * - import (`pulumi import type name id`): Read with only the id must return inputs and
 *   outputs, then Check(olds = news = the read inputs) must pass.
 */
import { ProviderCallError } from "./provider-error";
import {
    startPluginHost,
    type EngineLogEntry,
    type PluginDiff,
    type PluginHost,
    type PluginHostOptions,
} from "./plugin-host";
import { isDeepStrictEqual } from "node:util";
import type { PropertyMap } from "./wire";
import { removeSecretsFromMap } from "./wire";

export interface PluginResourceState {
    urn: string;
    type: string;
    id: string;
    inputs: PropertyMap;
    outputs: PropertyMap;
    initErrors?: string[];
}

export interface PlannedResource {
    type: string;
    name: string;
    inputs: PropertyMap;
}

export interface PluginStep {
    urn: string;
    op: "create" | "update" | "replace" | "same" | "delete" | "refresh" | "import";
    diff?: PluginDiff;
    error?: string;
}

export interface PluginOperation {
    ok: boolean;
    steps: PluginStep[];
    errors: string[];
}

export class PluginEngine {
    readonly resources: PluginResourceState[] = [];

    constructor(
        private readonly hostOptions: PluginHostOptions & { project: string },
        readonly stack = "dev",
    ) {}

    urn(type: string, name: string): string {
        return `urn:pulumi:${this.stack}::${this.hostOptions.project}::${type}::${name}`;
    }

    resource(name: string): PluginResourceState {
        const found = this.resources.find((r) => r.urn.endsWith(`::${name}`));
        if (!found) throw new Error(`no resource ${name} in state`);
        return found;
    }

    /** Outputs with secrets opened, for assertions about values. */
    outputs(name: string): Record<string, unknown> {
        return removeSecretsFromMap(this.resource(name).outputs);
    }

    preview(program: PlannedResource[]): Promise<PluginOperation> {
        return this.withPlugin(async (plugin, result) => {
            for (const planned of program) result.steps.push(await this.plan(plugin, planned));
        });
    }

    up(program: PlannedResource[]): Promise<PluginOperation> {
        return this.withPlugin(async (plugin, result) => {
            for (const planned of program) {
                const step = await this.plan(plugin, planned);
                result.steps.push(step);
                const old = this.find(step.urn);
                if (!old || step.op === "create") await this.create(plugin, step.urn, planned.type, step.checked);
                else if (step.op === "same") this.put({ ...old, inputs: step.checked });
                else if (step.op === "update") await this.update(plugin, old, step.checked);
                else await this.replace(plugin, old, planned, step.diff?.deleteBeforeReplace === true);
            }
        });
    }

    /** Check, then Diff against the state (a new resource is a create). */
    private async plan(plugin: PluginHost, planned: PlannedResource): Promise<PluginStep & { checked: PropertyMap }> {
        const urn = this.urn(planned.type, planned.name);
        const old = this.find(urn);
        const checked = await checkedInputs(plugin, urn, old?.inputs ?? {}, planned.inputs);
        if (!old) return { urn, op: "create", checked };
        const diff = await plugin.diff(old.id, urn, old.outputs, checked, old.inputs);
        return { urn, op: opOf(diff, old, checked), diff, checked };
    }

    refresh(): Promise<PluginOperation> {
        return this.withPlugin(async (plugin, result) => {
            for (const res of [...this.resources]) {
                result.steps.push({ urn: res.urn, op: "refresh" });
                const read = await plugin.read(res.id, res.urn, res.outputs, res.inputs);
                if (read.id === "") this.remove(res.urn);
                else
                    this.put({
                        urn: res.urn,
                        type: res.type,
                        id: read.id,
                        inputs: read.inputs ?? res.inputs,
                        outputs: read.properties,
                    });
            }
        });
    }

    destroy(): Promise<PluginOperation> {
        return this.withPlugin(async (plugin, result) => {
            for (const res of [...this.resources].reverse()) {
                result.steps.push({ urn: res.urn, op: "delete" });
                await plugin.delete(res.id, res.urn, res.outputs, res.inputs);
                this.remove(res.urn);
            }
        });
    }

    /** `pulumi import <type> <name> <id>`. */
    import(type: string, name: string, id: string): Promise<PluginOperation> {
        return this.withPlugin(async (plugin, result) => {
            const urn = this.urn(type, name);
            result.steps.push({ urn, op: "import" });
            const read = await plugin.read(id, urn, {}, {});
            if (read.id === "" && Object.keys(read.properties).length === 0)
                throw new Error(`resource '${id}' does not exist`);
            if (!read.inputs)
                throw new Error(
                    "provider does not support importing resources; please try updating the 'certdeploy' plugin",
                );
            const checked = await checkedInputs(plugin, urn, read.inputs, read.inputs);
            this.put({ urn, type, id: read.id || id, inputs: checked, outputs: read.properties });
        });
    }

    private async create(plugin: PluginHost, urn: string, type: string, inputs: PropertyMap): Promise<void> {
        try {
            const created = await plugin.create(urn, inputs);
            this.put({ urn, type, id: created.id, inputs, outputs: created.properties });
        } catch (e) {
            const init = ProviderCallError.isInstance(e) ? e.initFailure : undefined;
            if (init) this.put({ urn, type, id: init.id, inputs, outputs: init.properties, initErrors: init.reasons });
            throw e;
        }
    }

    private async update(plugin: PluginHost, old: PluginResourceState, inputs: PropertyMap): Promise<void> {
        try {
            const updated = await plugin.update(old.id, old.urn, old.outputs, inputs, old.inputs);
            this.put({ ...old, inputs, outputs: updated.properties, initErrors: undefined });
        } catch (e) {
            const init = ProviderCallError.isInstance(e) ? e.initFailure : undefined;
            if (init) this.put({ ...old, outputs: init.properties, initErrors: init.reasons });
            throw e;
        }
    }

    private async replace(
        plugin: PluginHost,
        old: PluginResourceState,
        planned: PlannedResource,
        deleteFirst: boolean,
    ): Promise<void> {
        const checked = await checkedInputs(plugin, old.urn, {}, planned.inputs);
        if (deleteFirst) await plugin.delete(old.id, old.urn, old.outputs, old.inputs);
        this.remove(old.urn);
        try {
            await this.create(plugin, old.urn, planned.type, checked);
        } finally {
            if (!deleteFirst) await plugin.delete(old.id, old.urn, old.outputs, old.inputs);
        }
    }

    private find(urn: string): PluginResourceState | undefined {
        return this.resources.find((r) => r.urn === urn);
    }

    private put(res: PluginResourceState): void {
        const at = this.resources.findIndex((r) => r.urn === res.urn);
        const clean = { ...res };
        if (clean.initErrors === undefined) delete clean.initErrors;
        if (at >= 0) this.resources[at] = clean;
        else this.resources.push(clean);
    }

    private remove(urn: string): void {
        const at = this.resources.findIndex((r) => r.urn === urn);
        if (at >= 0) this.resources.splice(at, 1);
    }

    private async withPlugin(
        body: (plugin: PluginHost, result: PluginOperation) => Promise<void>,
    ): Promise<PluginOperation> {
        const result: PluginOperation = { ok: true, steps: [], errors: [] };
        const plugin = await startPluginHost(this.hostOptions);
        try {
            await plugin.start();
            await body(plugin, result);
        } catch (e) {
            result.ok = false;
            result.errors.push(
                ProviderCallError.isInstance(e) ? e.details : e instanceof Error ? e.message : String(e),
            );
        } finally {
            this.logs.push(plugin.logs().stderr);
            this.engineLog.push(...plugin.engineLog());
            await plugin.close();
        }
        return result;
    }

    /** Everything each plugin process wrote to stderr. */
    readonly logs: string[] = [];
    /** Everything the plugin processes logged through the engine (what `pulumi` prints). */
    readonly engineLog: EngineLogEntry[] = [];
}

/** Check's inputs; failures stop the operation, as the engine stops at the first failed Check. */
async function checkedInputs(
    plugin: PluginHost,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
): Promise<PropertyMap> {
    const checked = await plugin.check(urn, olds, news);
    if (checked.failures.length > 0)
        throw new Error(`check failed: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    return checked.inputs;
}

function opOf(diff: PluginDiff, old: PluginResourceState, news: PropertyMap): PluginStep["op"] {
    if (diff.replaces.length > 0) return "replace";
    if (diff.changes === "some" || old.initErrors) return "update";
    if (diff.changes === "none") return "same";
    return isDeepStrictEqual(removeSecretsFromMap(old.inputs), removeSecretsFromMap(news)) ? "same" : "update";
}
