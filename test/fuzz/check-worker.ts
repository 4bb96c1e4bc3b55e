/**
 * Runs one fuzz property against the providers' `check` in a worker thread,
 * so that the test thread can stop a case that never returns (a synchronous
 * hang would block any timer in this thread). Posts `case` before every
 * case, then `done` with statistics or `failed` with fast-check's report
 * (seed, path, counterexample).
 *
 * Loaded outside a worker (node --test runs every file under dist/test/), it does nothing.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import fc from "fast-check";
import type * as pulumi from "@pulumi/pulumi";
import { acmProvider, keyVaultProvider } from "../../provider";
import type { FuzzBase, Target } from "./bases";
import { LeakIndex } from "./leaks";
import { applyCase, benignCase, corruptKeyCase, FuzzCase, fuzzCase } from "./mutations";
import { Claim, invalidity } from "./oracle";

export type FuzzProperty = "robust" | "benign" | "corruptKey";

export interface FuzzJob {
    property: FuzzProperty;
    seed: number;
    numRuns: number;
    bases: FuzzBase[];
    /** Also hold the provider to claims of known, skipped bugs. */
    runBugs: boolean;
    /** A case slower than this fails (a hang is caught by the test thread's watchdog). */
    caseLimitMs: number;
}

export interface FuzzStats {
    runs: number;
    claimedInvalid: number;
    refused: number;
    skippedKnownBug: number;
    maxCaseMs: number;
    totalCheckMs: number;
}

export type WorkerMessage = { type: "case" } | { type: "done"; stats: FuzzStats } | { type: "failed"; message: string };

const PROVIDERS: Record<Target, pulumi.dynamic.ResourceProvider> = { acm: acmProvider, keyvault: keyVaultProvider };

interface CheckFailure {
    property: string;
    reason: string;
}

/** Calls check with console output captured (warnings are logs too, and must not leak). */
async function checkCapturing(
    target: Target,
    olds: Record<string, unknown>,
    inputs: Record<string, unknown>,
): Promise<{ failures: CheckFailure[]; logs: string; ms: number }> {
    const check = PROVIDERS[target].check;
    if (!check) throw new Error(`${target} provider has no check`);
    const lines: string[] = [];
    const original = { error: console.error, warn: console.warn, log: console.log };
    const capture = (...args: unknown[]): void => void lines.push(args.map(String).join(" "));
    Object.assign(console, { error: capture, warn: capture, log: capture });
    const t0 = performance.now();
    try {
        const result = await check(olds, inputs);
        const ms = performance.now() - t0;
        if (result.inputs !== inputs) throw new Error("check did not return the inputs it was given");
        const failures = result.failures ?? [];
        for (const f of failures) {
            if (typeof f.property !== "string" || f.property === "" || typeof f.reason !== "string" || f.reason === "")
                throw new Error(`malformed CheckFailure ${JSON.stringify(f)}`);
        }
        return { failures, logs: lines.join("\n"), ms };
    } catch (e) {
        throw new Error(`check threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
    } finally {
        Object.assign(console, original);
    }
}

async function run(job: FuzzJob, post: (m: WorkerMessage) => void): Promise<void> {
    const { bases } = job;
    const baseKeys = new LeakIndex();
    for (const b of bases) baseKeys.addKey(b.keyPem).addKey(b.otherKeyPem);
    const stats: FuzzStats = {
        runs: 0,
        claimedInvalid: 0,
        refused: 0,
        skippedKnownBug: 0,
        maxCaseMs: 0,
        totalCheckMs: 0,
    };
    const arbitrary =
        job.property === "benign"
            ? benignCase(bases.length)
            : job.property === "corruptKey"
              ? corruptKeyCase(bases.length)
              : fuzzCase(bases.length);

    const property = fc.asyncProperty(arbitrary, async (c: FuzzCase) => {
        const inputs = applyCase(c, bases);
        const all: Claim[] = invalidity(c.target, inputs, bases[c.base]);
        // B8: check throws on such an endpoint; those cases are held back unless bugs are run.
        if (!job.runBugs && all.some((cl) => cl.bug === "B8")) {
            stats.skippedKnownBug += 1;
            fc.pre(false);
        }
        const claims = job.runBugs ? all : all.filter((cl) => cl.bug === undefined);
        post({ type: "case" });
        const { failures, logs, ms } = await checkCapturing(c.target, c.olds, inputs);
        stats.runs += 1;
        stats.totalCheckMs += ms;
        stats.maxCaseMs = Math.max(stats.maxCaseMs, ms);
        if (claims.length > 0) stats.claimedInvalid += 1;
        if (failures.length > 0) stats.refused += 1;
        if (ms > job.caseLimitMs) throw new Error(`check took ${Math.round(ms)} ms (limit ${job.caseLimitMs} ms)`);
        if (job.property === "benign" && failures.length > 0)
            throw new Error(`valid material with harmless noise was refused: ${JSON.stringify(failures)}`);
        if (job.property === "corruptKey" && all.length === 0) fc.pre(false); // the flip did not change the key's bytes
        if (claims.length > 0 && failures.length === 0)
            throw new Error(`invalid input passed check: ${claims.map((cl) => `${cl.property} ${cl.why}`).join("; ")}`);
        const said = [...failures.map((f) => `${f.property} ${f.reason}`), logs].join("\n");
        const leak = baseKeys.find(said) ?? new LeakIndex().addSecretInput(inputs.privateKeyPem).find(said);
        if (leak !== undefined) throw new Error(`key material echoed ("${leak}") in: ${said.slice(0, 400)}`);
    });

    try {
        await fc.assert(property, { seed: job.seed, numRuns: job.numRuns, includeErrorInReport: true });
        post({ type: "done", stats });
    } catch (e) {
        post({ type: "failed", message: `fuzz seed ${job.seed}: ${e instanceof Error ? e.message : String(e)}` });
    }
}

if (!isMainThread && parentPort) {
    const port = parentPort;
    void run(workerData as FuzzJob, (m) => port.postMessage(m));
}
