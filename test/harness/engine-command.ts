/**
 * One `pulumi` command as the harness engine runs it: its result, its workers
 * (the step executor's pool), its sequential step generator, its provider
 * host (started once, on first use), and how a failure stops it.
 */
import { DynamicProvider, PartialFailure, type EngineProvider, type StandInProvider } from "./engine-providers";
import { newResult, type Operation, type OperationResult, type Step } from "./engine-result";
import type { ProviderHost } from "./host";
import { Limiter, Serial } from "./limiter";
import { ProviderCallError } from "./provider-error";

const DYNAMIC_PACKAGE = "pulumi-nodejs";

/** Thrown to a registration that arrives, or waits for a worker, after the deployment stopped. */
export class Stopped extends Error {
    constructor() {
        super("not started: the deployment stopped after an earlier failure");
    }
}

export function message(e: unknown): string {
    if (e instanceof PartialFailure) return e.cause.details;
    if (ProviderCallError.isInstance(e)) return e.details;
    return e instanceof Error ? e.message : String(e);
}

function errorCode(e: unknown): number | undefined {
    if (e instanceof PartialFailure) return e.cause.code;
    return ProviderCallError.isInstance(e) ? e.code : undefined;
}

function packageOf(type: string): string {
    return type.split(":")[0] ?? "";
}

/** One `pulumi` command: its result, its workers, its provider host. */
export class Command {
    readonly result: OperationResult;
    readonly workers: Limiter;
    readonly generator = new Serial();
    readonly seen = new Set<string>();
    /** URNs of state entries taken over through an alias. */
    readonly aliased = new Set<string>();
    stopped = false;
    private readonly inflight = new Set<Promise<unknown>>();
    private host: Promise<ProviderHost> | undefined;
    hostLogs = { stdout: "", stderr: "" };
    hostPeakRssBytes: number | undefined;

    /** Kills the running program, if any (the safety timeout). */
    killProgram: (() => Promise<unknown>) | undefined;

    constructor(
        operation: Operation,
        parallel: number,
        private readonly startHost: () => Promise<ProviderHost>,
    ) {
        this.result = newResult(operation, []);
        this.workers = new Limiter(parallel);
    }

    track<T>(work: Promise<T>): Promise<T> {
        this.inflight.add(work);
        const done = (): void => void this.inflight.delete(work);
        work.then(done, done);
        return work;
    }

    async drain(): Promise<void> {
        while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    }

    /** Runs a provider-mutating step on a worker, unless the deployment has stopped meanwhile. */
    onWorker<T>(task: () => Promise<T>): Promise<T> {
        return this.workers.run(() => {
            if (this.stopped) throw new Stopped();
            return task();
        });
    }

    dynamicHost(): Promise<ProviderHost> {
        this.host ??= this.startHost();
        return this.host;
    }

    async providerFor(type: string, standIn: StandInProvider): Promise<EngineProvider> {
        if (packageOf(type) === DYNAMIC_PACKAGE) return new DynamicProvider(await this.dynamicHost());
        return standIn;
    }

    /** Kills the host: the harness's safety timeout. */
    async killHost(): Promise<void> {
        if (this.host) await (await this.host.catch(() => undefined))?.kill();
    }

    async closeHost(): Promise<void> {
        if (!this.host) return;
        const host = await this.host.catch(() => undefined);
        if (!host) return;
        await host.close();
        this.hostLogs = host.logs();
        this.hostPeakRssBytes = host.peakRssBytes();
    }

    /** Marks the step failed and records the error; `stop` halts the deployment (no new steps). */
    fail(step: Step, e: unknown, stop = true): void {
        step.status = "failed";
        step.error = message(e);
        const code = errorCode(e);
        if (code !== undefined) step.errorCode = code;
        this.result.errors.push(`${step.urn}: ${step.error}`);
        if (stop) this.stopped = true;
    }
}
