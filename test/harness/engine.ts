/**
 * The harness engine: runs a Pulumi program the way `pulumi up` does, and
 * refreshes and destroys a stack's state, against the real dynamic-provider
 * host.
 *
 * - The program runs in a child process under the real Node language runtime
 *   (language-runtime.ts) against a ResourceMonitor + Engine served here
 *   (monitor.ts). Each registration is processed as it arrives; its answer,
 *   with the provider's real outputs, goes back to the program when its step
 *   has finished, so dependants receive real ids and ARNs.
 * - Check and Diff run one registration at a time, in arrival order; Create,
 *   Update, Delete and Read run with bounded parallelism (default 8), as the
 *   step generator and step executor do (pkg/resource/deploy/
 *   step_generator.go, step_executor.go).
 * - Dynamic resources (`pulumi-nodejs:dynamic/...`) go to one real
 *   dynamic-provider host per command; every other custom resource goes to the
 *   recording stand-in (engine-providers.ts). Components and the stack are
 *   kept in state without a provider.
 * - No provider call has a deadline, as in the engine (provider_plugin.go).
 *   A harness-only safety timeout for the whole command (default 15 min)
 *   kills the program and the host and says so, so a test always ends.
 *
 * The rules reproduced, each with its source, are listed in
 * test/harness/README.md (parity table) and commented where they are applied.
 *
 *     const engine = new Engine({ project: "p", stack: "dev", host: { env } });
 *     const result = await engine.up(declare([acm("api", { ... })]));
 *     assert.equal(result.ok, true, result.errors.join("\n"));
 */
import { Command, message, Stopped } from "./engine-command";
import {
    PartialFailure,
    StandInProvider,
    type EngineProvider,
    type StandInFaults,
    type StandInOutputs,
} from "./engine-providers";
import { replaceMode, type Operation, type OperationResult, type Step } from "./engine-result";
import {
    applyIgnoreChanges,
    applyReplaceOnChanges,
    deleteProtectedMessage,
    durationSeconds,
    replaceProtectedMessage,
} from "./engine-rules";
import { StateStore, type EngineState, type ResourceState } from "./engine-state";
import type { Goal } from "./goal";
import { startProviderHost, type CheckFailure, type DiffResult, type HostOptions, type ProviderHost } from "./host";
import { ProgramProcess, type ProgramRun } from "./language-runtime";
import { startMonitor, type RegisterAnswer } from "./monitor";
import { containsUnknowns, markAdditionalSecrets, type PropertyMap } from "./wire";

export type { Operation, OperationResult, Step, StepOp } from "./engine-result";
export type { ProgramRun } from "./language-runtime";
export type { EngineState, ResourceState } from "./engine-state";

export interface EngineOptions {
    project: string;
    stack: string;
    state?: EngineState;
    /** When set, the state is written here (atomically) after every change, like a checkpoint. */
    statePath?: string;
    /** Configure variables for the dynamic provider. */
    config?: Record<string, string>;
    /** How to start the dynamic-provider host (one per command, as `pulumi` does). */
    host?: HostOptions;
    /** Resource operations at once (`pulumi up --parallel`); default 8. */
    parallel?: number;
    /** Harness safeguard, not engine behaviour: a command that runs longer is killed and fails. Default 15 min. */
    safetyTimeoutMs?: number;
    /** Outputs the stand-in provider adds to a resource's inputs. */
    standInOutputs?: StandInOutputs;
    /** Failures the stand-in provider answers with (a consumer that refuses its update). */
    standInFaults?: StandInFaults;
}

interface Plan {
    goal: Goal;
    old: ResourceState | undefined;
    op: "create" | "update" | "same" | "replace";
    /** Check's inputs: what state will hold. */
    inputs: PropertyMap;
    diff?: DiffResult;
    deleteBeforeReplace: boolean;
    provider: EngineProvider;
    step: Step;
}

export class Engine {
    private readonly store: StateStore;
    readonly standIn: StandInProvider;
    readonly project: string;
    readonly stack: string;
    private readonly parallel: number;
    /** Logs of the last command's program and host, for debugging a failure. */
    lastLogs = { program: { stdout: "", stderr: "" }, host: { stdout: "", stderr: "" } };
    /** The last command's host peak RSS (VmHWM), if it started one. */
    lastHostPeakRssBytes: number | undefined;

    constructor(private readonly opts: EngineOptions) {
        this.store = new StateStore(opts.state, opts.statePath);
        this.standIn = new StandInProvider(opts.standInOutputs, opts.standInFaults);
        this.project = opts.project;
        this.stack = opts.stack;
        this.parallel = opts.parallel ?? 8;
    }

    /** A copy of the current state. */
    get state(): EngineState {
        return this.store.snapshot();
    }

    stateJson(): string {
        return JSON.stringify(this.store.snapshot(), null, 2);
    }

    /** Starts and configures a dynamic-provider host for one command. */
    async startHost(): Promise<ProviderHost> {
        const host = await startProviderHost({ project: this.project, ...this.opts.host });
        try {
            await host.configure(this.opts.config);
        } catch (e) {
            await host.close();
            throw e;
        }
        return host;
    }

    preview(program: ProgramRun): Promise<OperationResult> {
        return this.command("preview", async (cmd) => {
            await this.runProgram(cmd, program, true);
            if (cmd.stopped || cmd.result.errors.length > 0) return;
            // A create-before-delete replacement marks the old resource for deletion in preview too (step.go
            // CreateStep.Apply: pendingDelete), so GenerateDeletes plans its delete after the program (step_generator.go).
            const replaced = cmd.result.steps.filter(
                (s) => s.op === "replace" && s.replaceMode === "create-before-delete",
            );
            for (const s of replaced)
                cmd.result.steps.push({ op: "delete", urn: s.urn, type: s.type, status: "planned", replaced: true });
            for (const res of this.store.condemned(cmd.seen)) {
                if (res.custom)
                    cmd.result.steps.push({
                        op: "delete",
                        urn: res.urn,
                        type: res.type,
                        status: "planned",
                        ...(res.delete ? { replaced: true } : {}),
                    });
            }
        });
    }

    up(program: ProgramRun): Promise<OperationResult> {
        return this.command("up", async (cmd) => {
            await this.runProgram(cmd, program, false);
            if (!cmd.stopped && cmd.result.errors.length === 0) await this.deleteCondemned(cmd);
        });
    }

    /**
     * `pulumi refresh`: every Read is issued at once (bounded by the workers);
     * a failure does not stop the others (pkg/resource/deploy/step.go,
     * RefreshStep; pkg/engine/refresh.go).
     */
    refresh(): Promise<OperationResult> {
        return this.command("refresh", async (cmd) => {
            const custom = this.store.resources.filter((r) => r.custom && !r.pendingReplacement);
            await Promise.all(custom.map((res) => this.refreshOne(cmd, res)));
        });
    }

    /** `pulumi destroy`: every resource, dependants before what they depend on, in parallel where independent. */
    destroy(): Promise<OperationResult> {
        return this.command("destroy", (cmd) => this.deleteAll(cmd, [...this.store.resources]));
    }

    private async command(operation: Operation, body: (cmd: Command) => Promise<void>): Promise<OperationResult> {
        const started = Date.now();
        const cmd = new Command(operation, this.parallel, () => this.startHost());
        const safetyMs = this.opts.safetyTimeoutMs ?? 15 * 60_000;
        let timer: NodeJS.Timeout | undefined;
        const safety = new Promise<"timeout">((resolve) => {
            timer = setTimeout(() => resolve("timeout"), safetyMs);
        });
        const run = body(cmd).catch((e: unknown) => {
            cmd.result.errors.push(`${operation}: ${message(e)}`);
        });
        if ((await Promise.race([run, safety])) === "timeout") {
            cmd.result.errors.push(
                `harness safety timeout: ${operation} ran longer than ${safetyMs} ms and was killed. This is a harness safeguard, not engine behaviour: ` +
                    "`pulumi up` sets no deadline on provider calls and would wait forever.",
            );
            cmd.stopped = true;
            await cmd.killHost();
            await cmd.killProgram?.();
            await run;
        }
        clearTimeout(timer);
        await cmd.drain();
        await cmd.closeHost();
        this.lastLogs.host = cmd.hostLogs;
        this.lastHostPeakRssBytes = cmd.hostPeakRssBytes;
        for (const step of cmd.result.steps) if (step.status !== "failed") cmd.result.counts[step.op] += 1;
        cmd.result.ok = cmd.result.errors.length === 0;
        cmd.result.peakConcurrency = cmd.workers.peak;
        cmd.result.durationMs = Date.now() - started;
        return cmd.result;
    }

    private async runProgram(cmd: Command, program: ProgramRun, dryRun: boolean): Promise<void> {
        // The host starts while the program boots (harness choice, to save a second per command;
        // a failure to start surfaces at the first dynamic registration).
        cmd.dynamicHost().catch(() => undefined);
        const logs: string[] = [];
        const monitor = await startMonitor(
            {
                register: (goal) => cmd.track(this.register(cmd, goal, dryRun)),
                registerOutputs: (urn, outputs) => this.registerOutputs(urn, outputs, dryRun),
                log: (severity, text, urn) => {
                    if (severity !== "debug") logs.push(`${severity}${urn ? ` ${urn}` : ""}: ${text}`);
                },
            },
            this.project,
            this.stack,
        );
        try {
            const proc = ProgramProcess.start({
                ...program,
                monitorAddress: monitor.address,
                engineAddress: monitor.address,
                project: this.project,
                stack: this.stack,
                dryRun,
                parallel: this.parallel,
            });
            cmd.killProgram = () => proc.kill();
            const exit = await proc.exited;
            cmd.killProgram = undefined;
            await cmd.drain();
            const out = proc.logs();
            this.lastLogs.program = { stdout: out.stdout, stderr: [out.stderr, ...logs].join("\n") };
            // A program that fails on its own (not because a step failed) fails the command, with what it said.
            if ((exit.code !== 0 || exit.signal !== null) && cmd.result.errors.length === 0) {
                const said =
                    logs.filter((l) => l.startsWith("error")).join("\n") ||
                    out.stderr.trim().split("\n").slice(-15).join("\n");
                cmd.result.errors.push(`program exited with ${exit.signal ?? `code ${exit.code}`}: ${said}`);
            }
        } finally {
            await monitor.close();
        }
    }

    private async register(cmd: Command, goal: Goal, dryRun: boolean): Promise<RegisterAnswer> {
        if (cmd.stopped) throw new Stopped();
        if (cmd.seen.has(goal.urn))
            throw new Error(`Duplicate resource URN '${goal.urn}'; try giving it a unique name`);
        cmd.seen.add(goal.urn);
        if (!goal.custom) return this.registerComponent(cmd, goal, dryRun);
        const provider = await cmd.providerFor(goal.type, this.standIn);
        const plan = await cmd.generator.run(() => this.plan(cmd, goal, provider, dryRun));
        if (dryRun) return this.planned(plan);
        return cmd
            .onWorker(() => this.apply(cmd, plan))
            .catch((e: unknown) => {
                // Never started: the deployment stopped while it waited for a worker.
                if (e instanceof Stopped) cmd.result.steps.splice(cmd.result.steps.indexOf(plan.step), 1);
                throw e;
            });
    }

    /** Components and the stack: state only, no provider (their outputs come from RegisterResourceOutputs). */
    private registerComponent(cmd: Command, goal: Goal, dryRun: boolean): RegisterAnswer {
        const old = this.findOld(cmd, goal);
        if (!dryRun) {
            const next = this.stateFrom(goal, "", goal.inputs, old?.outputs ?? {});
            next.custom = false;
            if (old) this.store.replace(old, next);
            else this.store.insert(next);
        }
        return { urn: goal.urn, id: "", outputs: {} };
    }

    private registerOutputs(urn: string, outputs: PropertyMap, dryRun: boolean): void {
        if (dryRun) return;
        const res = this.store.live(urn);
        if (res) this.store.replace(res, { ...res, outputs });
    }

    /** The state entry for a goal: by URN, else through one of its aliases (step_generator.go, getOldResource). */
    private findOld(cmd: Command, goal: Goal): ResourceState | undefined {
        const byUrn = this.store.live(goal.urn);
        if (byUrn) return byUrn;
        for (const alias of goal.aliasUrns) {
            const found = this.store.live(alias);
            if (found && !cmd.seen.has(alias)) {
                cmd.aliased.add(alias);
                return found;
            }
        }
        return undefined;
    }

    /** Check, Diff and the step decision for one registration; runs on the (sequential) step generator. */
    private async plan(cmd: Command, goal: Goal, provider: EngineProvider, dryRun: boolean): Promise<Plan> {
        if (cmd.stopped) throw new Stopped();
        const step: Step = { op: "create", urn: goal.urn, type: goal.type, status: dryRun ? "planned" : "succeeded" };
        cmd.result.steps.push(step);
        try {
            return await this.decide(cmd, goal, provider, dryRun, step);
        } catch (e) {
            // A plan failure (Check failures, a failed Check/Diff call, a refused option) stops the
            // deployment, in preview too: preview ends at the first invalid resource
            // (step_generator.go: `resource %s is invalid` is a bail error).
            if (step.status !== "failed") cmd.fail(step, e);
            throw e;
        }
    }

    private async decide(
        cmd: Command,
        goal: Goal,
        provider: EngineProvider,
        dryRun: boolean,
        step: Step,
    ): Promise<Plan> {
        const old = this.findOld(cmd, goal);
        // Outside preview no input may be unknown (the SDK resolves them before registering).
        if (!dryRun && containsUnknowns(goal.inputs)) throw new Error("inputs contain unknown values outside preview");
        // ignoreChanges: ignored paths keep their old values before Check (step_generator.go, processIgnoreChanges).
        const news = old ? applyIgnoreChanges(goal.inputs, old.inputs, goal.ignoreChanges) : goal.inputs;
        const check = await provider.check(goal.urn, old ? old.inputs : {}, news);
        if (check.failures.length > 0) return this.invalid(cmd, step, check.failures);
        const base = { goal, old, provider, step, deleteBeforeReplace: false };
        if (!old) return { ...base, op: "create", inputs: check.inputs };

        const raw = await provider.diff(goal.urn, old.id, old.inputs, old.outputs, check.inputs, goal.ignoreChanges);
        const hasInitErrors = (old.initErrors ?? []).length > 0;
        // replaceOnChanges and init errors (step_generator.go, applyReplaceOnChanges).
        const diff = applyReplaceOnChanges(raw, goal.replaceOnChanges, hasInitErrors);
        step.diff = diff;
        const changed = diff.changes === "some" || old.pendingReplacement === true;
        const replacing = changed && (diff.replaces.length > 0 || old.pendingReplacement === true);
        if (replacing) return this.planReplace(cmd, goal, old, provider, dryRun, step, diff);
        if (changed) return { ...base, op: "update", inputs: check.inputs, diff };
        // Unchanged but not initialized: an empty update to carry on (step_generator.go, hasInitErrors).
        if (hasInitErrors) return { ...base, op: "update", inputs: check.inputs, diff };
        return { ...base, op: "same", inputs: check.inputs, diff };
    }

    private async planReplace(
        cmd: Command,
        goal: Goal,
        old: ResourceState,
        provider: EngineProvider,
        dryRun: boolean,
        step: Step,
        diff: DiffResult,
    ): Promise<Plan> {
        step.op = "replace";
        // step_generator.go: a protected resource cannot be replaced; preview records it and goes on.
        if (goal.protect && old.protect) {
            cmd.fail(step, new Error(replaceProtectedMessage(goal.urn)), !dryRun);
            if (!dryRun) throw new Error(replaceProtectedMessage(goal.urn));
        }
        // A replacement calls Check again with no olds: defaults are recomputed for a new resource (step_generator.go).
        const again = await provider.check(goal.urn, {}, goal.inputs);
        if (again.failures.length > 0) return this.invalid(cmd, step, again.failures);
        // The program's deleteBeforeReplace, set either way, overrides the provider's (step_generator.go).
        const deleteBeforeReplace = goal.deleteBeforeReplace ?? diff.deleteBeforeReplace;
        step.replaceMode = replaceMode(deleteBeforeReplace);
        return { goal, old, provider, step, op: "replace", inputs: again.inputs, diff, deleteBeforeReplace };
    }

    private invalid(cmd: Command, step: Step, failures: CheckFailure[]): never {
        step.checkFailures = failures;
        const text = failures.map((f) => `${f.property}: ${f.reason}`).join("; ");
        cmd.fail(step, new Error(text));
        throw new Error(`resource ${step.urn} is invalid: ${text}`);
    }

    /** Preview: no Create/Update (the dynamic host has no supportsPreview; provider_plugin.go answers with the inputs). */
    private planned(plan: Plan): RegisterAnswer {
        Object.assign(plan.step, { op: plan.op });
        const outputs = plan.op === "same" && plan.old ? plan.old.outputs : plan.inputs;
        const id = plan.op === "create" || plan.op === "replace" ? "" : (plan.old?.id ?? "");
        return { urn: plan.goal.urn, id, outputs: markAdditionalSecrets(outputs, plan.goal.additionalSecretOutputs) };
    }

    private async apply(cmd: Command, plan: Plan): Promise<RegisterAnswer> {
        const { goal, old, step } = plan;
        step.op = plan.op;
        try {
            let res: ResourceState;
            if (plan.op === "create" || !old) res = await this.create(plan, undefined);
            else if (plan.op === "same") res = this.same(plan, old);
            else if (plan.op === "update") res = await this.update(plan, old);
            else if (plan.deleteBeforeReplace) res = await this.replaceDeletingFirst(cmd, plan, old);
            else res = await this.create(plan, old);
            return { urn: goal.urn, id: res.id, outputs: res.outputs };
        } catch (e) {
            if (e instanceof PartialFailure) step.initErrors = e.reasons;
            cmd.fail(step, e);
            throw e;
        }
    }

    private stateFrom(goal: Goal, id: string, inputs: PropertyMap, outputs: PropertyMap): ResourceState {
        const aso = goal.additionalSecretOutputs;
        const res: ResourceState = {
            urn: goal.urn,
            type: goal.type,
            custom: goal.custom,
            id,
            inputs,
            outputs: markAdditionalSecrets(outputs, aso),
        };
        if (aso.length > 0) res.additionalSecretOutputs = [...aso];
        if (goal.dependencies.length > 0) res.dependencies = [...goal.dependencies];
        if (goal.parent !== "") res.parent = goal.parent;
        if (goal.protect) res.protect = true;
        if (goal.retainOnDelete) res.retainOnDelete = true;
        if (Object.keys(goal.customTimeouts).length > 0) res.customTimeouts = { ...goal.customTimeouts };
        return res;
    }

    /** Create, or the create half of a replacement (`replacing` is condemned once the new resource exists). */
    private async create(plan: Plan, replacing: ResourceState | undefined): Promise<ResourceState> {
        const { goal, provider, inputs } = plan;
        const planned = this.stateFrom(goal, "", inputs, {});
        const timeout = durationSeconds(goal.customTimeouts.create);
        const created = await this.store
            .pending({ resource: planned, type: "creating" }, () => provider.create(goal.urn, inputs, timeout))
            .catch((e: unknown) => {
                // ErrorResourceInitFailed: the resource exists; state records it with its init errors (step.go, CreateStep).
                if (e instanceof PartialFailure)
                    this.place(
                        { ...this.stateFrom(goal, e.id, inputs, e.outputs), initErrors: e.reasons },
                        replacing,
                        plan.deleteBeforeReplace,
                    );
                throw e;
            });
        const res = this.stateFrom(goal, created.id, inputs, created.outputs);
        this.place(res, replacing, plan.deleteBeforeReplace);
        return res;
    }

    /** A new entry; for a replacement, create-before-delete condemns the old one, delete-before-replace takes its place. */
    private place(res: ResourceState, replacing: ResourceState | undefined, deletedFirst: boolean): void {
        const current = replacing ? this.store.resources.find((r) => r.urn === replacing.urn && !r.delete) : undefined;
        if (current && deletedFirst) this.store.replace(current, res);
        else this.store.insert(res, current);
    }

    private same(plan: Plan, old: ResourceState): ResourceState {
        const res = { ...this.stateFrom(plan.goal, old.id, plan.inputs, old.outputs) };
        if (old.initErrors) res.initErrors = old.initErrors;
        this.store.replace(old, res);
        return res;
    }

    private async update(plan: Plan, old: ResourceState): Promise<ResourceState> {
        const { goal, provider, inputs } = plan;
        const next = this.stateFrom(goal, old.id, inputs, old.outputs);
        const timeout = durationSeconds(goal.customTimeouts.update);
        const call = (): Promise<PropertyMap> =>
            provider.update(goal.urn, old.id, old.inputs, old.outputs, inputs, timeout, goal.ignoreChanges);
        const outputs = await this.store.pending({ resource: next, type: "updating" }, call).catch((e: unknown) => {
            // A partially failed update keeps the OLD inputs with the new partial outputs and init errors;
            // the id in the error is ignored, the resource keeps its id (pkg/engine/update.go,
            // OnResourceStepPost; step.go, UpdateStep).
            if (e instanceof PartialFailure)
                this.store.replace(old, {
                    ...this.stateFrom(goal, old.id, old.inputs, e.outputs),
                    initErrors: e.reasons,
                });
            throw e;
        });
        const res = this.stateFrom(goal, old.id, inputs, outputs);
        this.store.replace(old, res);
        return res;
    }

    /**
     * Delete-before-replace: the old resource is deleted first and stays in
     * state marked pendingReplacement until its replacement exists; an
     * interrupted replacement is finished by the next `up` without deleting
     * again (step.go, DeleteStep and RemovePendingReplaceStep).
     */
    private async replaceDeletingFirst(cmd: Command, plan: Plan, old: ResourceState): Promise<ResourceState> {
        const removal: Step = { op: "delete", urn: old.urn, type: old.type, status: "succeeded", replaced: true };
        let current = old;
        if (!old.pendingReplacement) {
            const dependants = this.store.resources.filter(
                (r) => r !== old && !r.delete && ((r.dependencies ?? []).includes(old.urn) || r.parent === old.urn),
            );
            if (dependants.length > 0) {
                // The engine would delete (and later recreate) every dependant first; the harness does not.
                throw new Error(
                    `${old.urn}: delete-before-replace with dependants (${dependants.map((d) => d.urn).join(", ")}) is not supported by the harness engine (the engine deletes dependants first)`,
                );
            }
            cmd.result.steps.splice(cmd.result.steps.indexOf(plan.step), 0, removal);
            try {
                await this.deleteResource(old, plan.provider);
            } catch (e) {
                cmd.fail(removal, e);
                throw e;
            }
            current = this.store.mark(old, { pendingReplacement: true });
        }
        return this.create(plan, current);
    }

    /** The provider Delete for one entry, honouring retainOnDelete; the entry stays in state (callers remove it). */
    private async deleteResource(res: ResourceState, provider: EngineProvider): Promise<void> {
        // retainOnDelete: the engine drops the resource from state without calling Delete (step.go, DeleteStep).
        if (!res.custom || res.retainOnDelete || res.pendingReplacement) return;
        const timeout = durationSeconds(res.customTimeouts?.delete);
        await this.store.pending({ resource: res, type: "deleting" }, () =>
            provider.delete(res.urn, res.id, res.inputs, res.outputs, timeout),
        );
    }

    /** After the program: replaced resources and resources it no longer declares. */
    private async deleteCondemned(cmd: Command): Promise<void> {
        const keep = new Set([...cmd.seen].filter((urn) => !cmd.aliased.has(urn)));
        await this.deleteAll(cmd, this.store.condemned(keep));
    }

    /**
     * Deletes `targets`, each only after every target that depends on it (or
     * is its child) is gone, up to `parallel` at once; a protected resource
     * fails its delete (step.go, deleteProtectedError) and stops the
     * deployment.
     */
    private async deleteAll(cmd: Command, targets: ResourceState[]): Promise<void> {
        const done = new Map<ResourceState, Promise<void>>();
        const dependantsOf = (res: ResourceState): ResourceState[] =>
            targets.filter(
                (t) =>
                    t !== res &&
                    t.urn !== res.urn &&
                    ((t.dependencies ?? []).includes(res.urn) || t.parent === res.urn),
            );
        const remove = (res: ResourceState): Promise<void> => {
            const existing = done.get(res);
            if (existing) return existing;
            const work = (async () => {
                await Promise.all(dependantsOf(res).map(remove));
                if (cmd.stopped) throw new Stopped();
                const step: Step = { op: "delete", urn: res.urn, type: res.type, status: "succeeded" };
                if (res.delete) step.replaced = true;
                if (res.custom) cmd.result.steps.push(step);
                try {
                    if (res.protect && !res.delete) throw new Error(deleteProtectedMessage(res.urn));
                    const provider = res.custom ? await cmd.providerFor(res.type, this.standIn) : undefined;
                    if (provider) await cmd.onWorker(() => this.deleteResource(res, provider));
                    this.store.remove(
                        this.store.resources.find((r) => r.urn === res.urn && r.delete === res.delete) ?? res,
                    );
                } catch (e) {
                    if (!(e instanceof Stopped)) cmd.fail(step, e);
                    throw e;
                }
            })();
            done.set(res, work);
            return work;
        };
        await Promise.allSettled(targets.map(remove));
    }

    private async refreshOne(cmd: Command, res: ResourceState): Promise<void> {
        const step: Step = { op: "refresh", urn: res.urn, type: res.type, status: "succeeded" };
        cmd.result.steps.push(step);
        try {
            const provider = await cmd.providerFor(res.type, this.standIn);
            const read = await cmd.workers.run(() =>
                provider.read(res.urn, res.id, res.inputs, res.outputs).catch((e: unknown) => {
                    // A partial failure does not fail the refresh: state keeps the resource with its init errors (step.go, RefreshStep).
                    if (e instanceof PartialFailure)
                        return { id: e.id || res.id, outputs: e.outputs, initErrors: e.reasons };
                    throw e;
                }),
            );
            const current = this.store.resources.find((r) => r.urn === res.urn && r.delete === res.delete) ?? res;
            if (read.id === "") {
                step.refresh = "deleted";
                this.store.remove(current);
                return;
            }
            const inputs = "inputs" in read && read.inputs ? read.inputs : res.inputs;
            const outputs = markAdditionalSecrets(read.outputs, res.additionalSecretOutputs ?? []);
            const next: ResourceState = { ...current, id: read.id, inputs, outputs };
            // A successful Read clears init errors; a partial one records them.
            if ("initErrors" in read) next.initErrors = read.initErrors;
            else delete next.initErrors;
            // Classified by the provider's Diff of the refreshed state against the old inputs, inverted (step.go, RefreshStep).
            const diff = await provider.diff(res.urn, read.id, inputs, outputs, res.inputs, []);
            step.diff = diff;
            step.refresh = diff.changes === "some" ? "changed" : "unchanged";
            if (step.refresh === "unchanged" && read.id !== res.id) step.refresh = "changed";
            this.store.replace(current, next);
        } catch (e) {
            // Refresh does not stop at the first failure: every other Read goes on.
            cmd.fail(step, e, false);
        }
    }
}
