/**
 * A minimal Pulumi engine over a real provider host: preview, up, refresh and
 * destroy for the custom dynamic resources a program registered, with state
 * kept as the engine keeps it (see engine-state.ts).
 *
 * Engine rules reproduced (pulumi pkg/resource/deploy and provider_plugin.go):
 * - the host answers acceptSecrets=false, so secrets go out in plain form and
 *   come back re-marked: an output is secret when its same-named input held a
 *   secret (recursing into objects), plus every `additionalSecretOutputs` name;
 * - preview calls Check and Diff only (the host has no supportsPreview, so the
 *   engine never sends it a preview Create/Update); unknown inputs travel as
 *   the sentinel string;
 * - DIFF_UNKNOWN falls back to comparing old and new inputs; a resource with
 *   initErrors is updated even without changes;
 * - replacement is create-before-delete unless Diff or the resource option asks
 *   for delete-before-replace; replaced and removed resources are deleted at
 *   the end, in reverse state order;
 * - an ErrorResourceInitFailed records its id/properties (and initErrors) and
 *   fails the operation; other errors leave the old state untouched;
 * - refresh drops a resource whose Read returns an empty id.
 * Simplifications: one resource at a time in program order; up/refresh/destroy
 * stop at the first failure (as the engine does without --continue-on-error);
 * preview reports every failure.
 *
 * Start a fresh host per operation to match `pulumi` (one host process per
 * command; the host caches deserialized providers for its lifetime).
 *
 *     const engine = new Engine({ statePath: path.join(dir, "state.json") });
 *     const regs = await runProgram(program, { project: "p", stack: "dev" });
 *     const result = await engine.up(host, regs);
 *     assert.equal(result.ok, true);
 */
import type { CheckFailure, ProviderHost } from "./host";
import type { RegisteredResource } from "./program";
import { ProviderCallError } from "./provider-error";
import { planResource } from "./engine-plan";
import { StateStore, type EngineState, type ResourceState } from "./engine-state";
import { newResult, replaceMode, type Operation, type OperationResult, type Step } from "./engine-result";
import { annotateSecrets, markAdditionalSecrets, removeSecretsFromMap, sameValues, type PropertyMap } from "./wire";

export type { Operation, OperationResult, Step, StepOp } from "./engine-result";

export interface EngineOptions {
    state?: EngineState;
    /** When set, the state is written here (atomically) after every change, like a checkpoint. */
    statePath?: string;
    /** Configure variables for the provider. */
    config?: Record<string, string>;
}

const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

/** Thrown inside an operation to stop it after a recorded failure. */
class Halt extends Error {}

function finalOutputs(props: PropertyMap, inputs: PropertyMap, additionalSecretOutputs: string[]): PropertyMap {
    return markAdditionalSecrets(annotateSecrets(props, inputs), additionalSecretOutputs);
}

function plain(m: PropertyMap): PropertyMap {
    return removeSecretsFromMap(m);
}

export class Engine {
    private readonly store: StateStore;
    private readonly configured = new WeakSet<ProviderHost>();

    constructor(private readonly opts: EngineOptions = {}) {
        this.store = new StateStore(opts.state, opts.statePath);
    }

    /** A copy of the current state. */
    get state(): EngineState {
        return this.store.snapshot();
    }

    stateJson(): string {
        return JSON.stringify(this.store.snapshot(), null, 2);
    }

    preview(host: ProviderHost, regs: RegisteredResource[]): Promise<OperationResult> {
        return this.run("preview", host, regs, async (result, managed) => {
            for (const reg of managed) {
                const step: Step = { op: "create", urn: reg.urn, type: reg.type, status: "planned" };
                result.steps.push(step);
                try {
                    const plan = await planResource(host, reg, this.store.live(reg.urn), true);
                    Object.assign(step, { op: plan.op, diff: plan.diff });
                    if (plan.op === "replace") step.replaceMode = replaceMode(plan.deleteBeforeReplace);
                    if (plan.failures.length > 0) this.fail(result, step, "check failed", plan.failures);
                } catch (e) {
                    this.fail(result, step, e);
                }
            }
            for (const res of this.store.condemned(new Set(managed.map((r) => r.urn)))) {
                result.steps.push({ ...deleteStep(res, res.delete), status: "planned" });
            }
        });
    }

    up(host: ProviderHost, regs: RegisteredResource[]): Promise<OperationResult> {
        return this.run("up", host, regs, async (result, managed) => {
            for (const reg of managed) {
                const old = this.store.live(reg.urn);
                const step: Step = { op: "create", urn: reg.urn, type: reg.type, status: "succeeded" };
                result.steps.push(step);
                const plan = await planResource(host, reg, old, false).catch((e: unknown) => this.halt(result, step, e));
                Object.assign(step, { op: plan.op, diff: plan.diff });
                if (plan.failures.length > 0) this.halt(result, step, "check failed", plan.failures);
                if (!old || plan.op === "create") {
                    await this.create(host, result, step, reg, plan.checked);
                } else if (plan.op === "same") {
                    this.store.replace(old, this.fromRegistration(reg, plan.checked, old.id, old.outputs));
                } else if (plan.op === "update") {
                    await this.update(host, result, step, reg, old, plan.checked);
                } else if (plan.deleteBeforeReplace) {
                    step.replaceMode = "delete-before-replace";
                    // Report the delete where it happens: before the replacement's create.
                    const removal = deleteStep(old, true);
                    result.steps.splice(result.steps.indexOf(step), 0, removal);
                    await this.delete(host, result, removal, old);
                    await this.create(host, result, step, reg, plan.checked);
                } else {
                    step.replaceMode = "create-before-delete";
                    await this.create(host, result, step, reg, plan.checked, old);
                }
            }
            for (const res of this.store.condemned(new Set(managed.map((r) => r.urn)))) {
                await this.delete(host, result, deleteStep(res, res.delete), res);
            }
        });
    }

    refresh(host: ProviderHost): Promise<OperationResult> {
        return this.run("refresh", host, [], async (result) => {
            for (const res of [...this.store.resources]) {
                const step: Step = { op: "refresh", urn: res.urn, type: res.type, status: "succeeded" };
                result.steps.push(step);
                const read = await host.read(res.id, res.urn, plain(res.outputs), plain(res.inputs)).catch((e: unknown) => this.halt(result, step, e));
                if (read.id === "") {
                    step.refresh = "deleted";
                    this.store.remove(res);
                    continue;
                }
                const outputs = finalOutputs(read.properties, res.outputs, res.additionalSecretOutputs ?? []);
                const inputs = read.inputs ? annotateSecrets(read.inputs, res.inputs) : res.inputs;
                const unchanged = read.id === res.id && sameValues(outputs, res.outputs) && sameValues(inputs, res.inputs);
                step.refresh = unchanged ? "unchanged" : "changed";
                this.store.replace(res, { ...res, id: read.id, inputs, outputs });
            }
        });
    }

    destroy(host: ProviderHost): Promise<OperationResult> {
        return this.run("destroy", host, [], async (result) => {
            for (const res of [...this.store.resources].reverse()) {
                await this.delete(host, result, deleteStep(res, undefined), res);
            }
        });
    }

    private async run(
        operation: Operation,
        host: ProviderHost,
        regs: RegisteredResource[],
        body: (result: OperationResult, managed: RegisteredResource[]) => Promise<void>,
    ): Promise<OperationResult> {
        const started = Date.now();
        const managed = regs.filter((r) => r.custom && r.type.startsWith(DYNAMIC_TYPE_PREFIX));
        const result = newResult(
            operation,
            regs.filter((r) => !managed.includes(r)).map((r) => r.urn),
        );
        try {
            if (!this.configured.has(host)) {
                await host.configure(this.opts.config);
                this.configured.add(host);
            }
            await body(result, managed);
        } catch (e) {
            if (!(e instanceof Halt)) result.errors.push(`configure: ${e instanceof Error ? e.message : String(e)}`);
        }
        for (const step of result.steps) if (step.status !== "failed") result.counts[step.op] += 1;
        result.ok = result.errors.length === 0;
        result.durationMs = Date.now() - started;
        return result;
    }

    private async create(host: ProviderHost, result: OperationResult, step: Step, reg: RegisteredResource, checked: PropertyMap, replacing?: ResourceState): Promise<void> {
        const planned = this.fromRegistration(reg, checked, "", {});
        const aso = reg.additionalSecretOutputs;
        const created = await this.store
            .pending({ resource: planned, type: "creating" }, () => host.create(reg.urn, plain(checked)))
            .catch((e: unknown) => {
                const init = ProviderCallError.isInstance(e) ? e.initFailure : undefined;
                if (init) {
                    const outputs = finalOutputs(init.properties, checked, aso);
                    this.store.insert({ ...planned, id: init.id, outputs, initErrors: init.reasons }, replacing);
                    step.initErrors = init.reasons;
                }
                return this.halt(result, step, e);
            });
        this.store.insert({ ...planned, id: created.id, outputs: finalOutputs(created.properties, checked, aso) }, replacing);
    }

    private async update(host: ProviderHost, result: OperationResult, step: Step, reg: RegisteredResource, old: ResourceState, checked: PropertyMap): Promise<void> {
        const next = this.fromRegistration(reg, checked, old.id, old.outputs);
        const aso = reg.additionalSecretOutputs;
        const call = (): ReturnType<ProviderHost["update"]> => host.update(old.id, reg.urn, plain(old.outputs), plain(checked), false, plain(old.inputs));
        const updated = await this.store.pending({ resource: next, type: "updating" }, call).catch((e: unknown) => {
            const init = ProviderCallError.isInstance(e) ? e.initFailure : undefined;
            if (init) {
                this.store.replace(old, { ...next, outputs: finalOutputs(init.properties, checked, aso), initErrors: init.reasons });
                step.initErrors = init.reasons;
            }
            return this.halt(result, step, e);
        });
        this.store.replace(old, { ...next, outputs: finalOutputs(updated.properties, checked, aso) });
    }

    private async delete(host: ProviderHost, result: OperationResult, step: Step, res: ResourceState): Promise<void> {
        if (!result.steps.includes(step)) result.steps.push(step);
        await this.store
            .pending({ resource: res, type: "deleting" }, () => host.delete(res.id, res.urn, plain(res.outputs), plain(res.inputs)))
            .catch((e: unknown) => this.halt(result, step, e));
        this.store.remove(res);
    }

    private fromRegistration(reg: RegisteredResource, inputs: PropertyMap, id: string, outputs: PropertyMap): ResourceState {
        const aso = reg.additionalSecretOutputs;
        const res: ResourceState = { urn: reg.urn, type: reg.type, custom: true, id, inputs, outputs: markAdditionalSecrets(outputs, aso) };
        if (aso.length > 0) res.additionalSecretOutputs = [...aso];
        if (reg.dependencies.length > 0) res.dependencies = [...reg.dependencies];
        return res;
    }

    /** Marks the step failed and records the error. */
    private fail(result: OperationResult, step: Step, e: unknown, failures?: CheckFailure[]): void {
        step.status = "failed";
        if (failures) step.checkFailures = failures;
        const message = ProviderCallError.isInstance(e) ? e.details : e instanceof Error ? e.message : String(e);
        step.error = failures ? failures.map((f) => `${f.property}: ${f.reason}`).join("; ") : message;
        if (ProviderCallError.isInstance(e)) step.errorCode = e.code;
        result.errors.push(`${step.urn}: ${step.error}`);
    }

    private halt(result: OperationResult, step: Step, e: unknown, failures?: CheckFailure[]): never {
        this.fail(result, step, e, failures);
        throw new Halt(step.error);
    }
}

function deleteStep(res: ResourceState, replaced: boolean | undefined): Step {
    const step: Step = { op: "delete", urn: res.urn, type: res.type, status: "succeeded" };
    if (replaced) step.replaced = true;
    return step;
}
