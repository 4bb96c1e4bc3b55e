/**
 * Prometheus counters (prom-client):
 *   certdeploy_deploy_attempts_total{target_type,result}
 *   certdeploy_deploy_rollback_total{target_type,outcome}
 * Written to a node_exporter textfile (CERTDEPLOY_METRICS_FILE) and/or pushed
 * to a Pushgateway (CERTDEPLOY_PUSHGATEWAY_URL).
 *
 * The textfile holds totals across every provider process (each `pulumi`
 * command starts new ones, several may run at once). Each write takes an
 * exclusive lock (proper-lockfile), reads the totals in the file, adds this
 * process's counts not yet written, and replaces the file by atomic rename.
 * A lock rather than one file per process: node_exporter's textfile collector
 * refuses the same series in two files instead of summing them, and a
 * per-process label would grow the series without bound.
 *
 * Counting never fails a deployment: by then the cloud write has happened.
 * Every failure here is logged and the deployment carries on.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Counter, Pushgateway, Registry } from "prom-client";
import * as lockfile from "proper-lockfile";

export type TargetType = "AWSACM" | "AzureKeyVault";
export type AttemptResult = "succeeded" | "rolled_back" | "rollback_failed" | "aborted";

interface CounterSpec {
    name: string;
    help: string;
    labelNames: [string, string];
}

const ATTEMPTS: CounterSpec = {
    name: "certdeploy_deploy_attempts_total",
    help: "Certificate deployment attempts by target and result.",
    labelNames: ["target_type", "result"],
};
const ROLLBACKS: CounterSpec = {
    name: "certdeploy_deploy_rollback_total",
    help: "Rollbacks by target and outcome.",
    labelNames: ["target_type", "outcome"],
};
const SPECS = [ATTEMPTS, ROLLBACKS];

const newCounter = (spec: CounterSpec, registry: Registry): Counter => new Counter({ ...spec, registers: [registry] });

/** This process's counts, for the Pushgateway. */
const registry = new Registry();
const processCounters = new Map(SPECS.map((spec) => [spec.name, newCounter(spec, registry)]));

/** Counts not yet added to the textfile: `name|label1|label2` → n. */
const unwritten = new Map<string, number>();
let pending: Promise<void> = Promise.resolve();

export function recordAttempt(targetType: TargetType, result: AttemptResult): void {
    count(ATTEMPTS, [targetType, result]);
}

export function recordRollback(targetType: TargetType, outcome: "restored" | "also_failed"): void {
    count(ROLLBACKS, [targetType, outcome]);
}

/** Resolves when every write and push so far has finished (the provider awaits it before answering). */
export const metricsFlushed = (): Promise<void> => pending;

function count(spec: CounterSpec, values: [string, string]): void {
    try {
        processCounters.get(spec.name)?.inc({ [spec.labelNames[0]]: values[0], [spec.labelNames[1]]: values[1] });
        const key = [spec.name, ...values].join("|");
        unwritten.set(key, (unwritten.get(key) ?? 0) + 1);
    } catch (e) {
        warn(e);
        return;
    }
    pending = pending.then(flush).catch(warn);
}

function warn(e: unknown): void {
    console.error(
        `certdeploy: could not write metrics (the deployment is unaffected): ${e instanceof Error ? e.message : String(e)}`,
    );
}

async function flush(): Promise<void> {
    const file = process.env.CERTDEPLOY_METRICS_FILE;
    if (file) await addToTextfile(file);
    const gateway = process.env.CERTDEPLOY_PUSHGATEWAY_URL;
    if (gateway) {
        // One group per Pulumi project, so concurrent stacks of different projects do not overwrite each other.
        await new Pushgateway(gateway, { timeout: 5000 }, registry).pushAdd({
            jobName: "certdeploy",
            groupings: { project: process.env.PULUMI_NODEJS_PROJECT ?? process.env.PULUMI_PROJECT ?? "unknown" },
        });
    }
}

/** Under the lock: totals in the file + our unwritten counts → temp file → rename. */
async function addToTextfile(file: string): Promise<void> {
    if (unwritten.size === 0) return;
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const release = await lockfile.lock(file, {
        realpath: false,
        stale: 10_000,
        retries: { retries: 50, minTimeout: 10, maxTimeout: 200 },
    });
    try {
        const totals = readTotals(file);
        const adding = new Map(unwritten);
        for (const [key, n] of adding) totals.set(key, (totals.get(key) ?? 0) + n);
        const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
        await fs.promises.writeFile(tmp, await render(totals));
        await fs.promises.rename(tmp, file);
        for (const [key, n] of adding) {
            const left = (unwritten.get(key) ?? 0) - n;
            if (left > 0) unwritten.set(key, left);
            else unwritten.delete(key);
        }
    } finally {
        await release();
    }
}

/** Our own samples in the textfile; lines of other metrics, other labels or bad values are skipped, never fatal. */
function readTotals(file: string): Map<string, number> {
    const totals = new Map<string, number>();
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        return totals;
    }
    for (const m of text.matchAll(/^(certdeploy_deploy_\w+_total)\{([^}]*)\} ([0-9.e+]+)$/gm)) {
        const spec = SPECS.find((s) => s.name === m[1]);
        if (!spec) continue;
        const labels = new Map([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
        const values = spec.labelNames.map((n) => labels.get(n));
        const value = Number(m[3]);
        if (
            labels.size !== spec.labelNames.length ||
            values.some((v) => v === undefined) ||
            !Number.isFinite(value) ||
            value <= 0
        )
            continue;
        totals.set([spec.name, ...values].join("|"), value);
    }
    return totals;
}

function render(totals: Map<string, number>): Promise<string> {
    const out = new Registry();
    const counters = new Map(SPECS.map((spec) => [spec.name, { spec, counter: newCounter(spec, out) }]));
    for (const [key, n] of totals) {
        const [name, a, b] = key.split("|");
        const entry = counters.get(name);
        if (entry) entry.counter.inc({ [entry.spec.labelNames[0]]: a, [entry.spec.labelNames[1]]: b }, n);
    }
    return out.metrics();
}
