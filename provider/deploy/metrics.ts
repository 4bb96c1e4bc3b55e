/**
 * Prometheus counters (prom-client):
 *   certdeploy_deploy_attempts_total{target_type,result}
 *   certdeploy_deploy_rollback_total{target_type,outcome}
 * Written to a node_exporter textfile (CERTDEPLOY_METRICS_FILE; totals carried
 * across runs, replaced by atomic rename) and/or pushed to a Pushgateway
 * (CERTDEPLOY_PUSHGATEWAY_URL).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Counter, Pushgateway, Registry } from "prom-client";

export type TargetType = "AWSACM" | "AzureKeyVault";
export type AttemptResult = "succeeded" | "rolled_back" | "rollback_failed" | "aborted";

const registry = new Registry();
const attempts = new Counter({
    name: "certdeploy_deploy_attempts_total",
    help: "Certificate deployment attempts by target and result.",
    labelNames: ["target_type", "result"],
    registers: [registry],
});
const rollbacks = new Counter({
    name: "certdeploy_deploy_rollback_total",
    help: "Rollbacks by target and outcome.",
    labelNames: ["target_type", "outcome"],
    registers: [registry],
});
const counters: Record<string, Counter> = { certdeploy_deploy_attempts_total: attempts, certdeploy_deploy_rollback_total: rollbacks };
let seededFrom: string | undefined;
let pending: Promise<void> = Promise.resolve();

export function recordAttempt(targetType: TargetType, result: AttemptResult): void {
    seedFromTextfile();
    attempts.inc({ target_type: targetType, result });
    flushSoon();
}

export function recordRollback(targetType: TargetType, outcome: "restored" | "also_failed"): void {
    seedFromTextfile();
    rollbacks.inc({ target_type: targetType, outcome });
    flushSoon();
}

/** Resolves when every write and push so far has finished (the provider awaits it before answering). */
export const metricsFlushed = (): Promise<void> => pending;

/** On first use in a process, carries the totals already in the textfile forward. */
function seedFromTextfile(): void {
    const file = process.env.CERTDEPLOY_METRICS_FILE;
    if (!file || seededFrom === file) return;
    seededFrom = file;
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        return;
    }
    // Our own exposition lines only: name{label="v",…} value
    for (const m of text.matchAll(/^(certdeploy_deploy_\w+_total)\{([^}]*)\} ([0-9.e+]+)$/gm)) {
        const counter = counters[m[1]];
        const labels = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
        const value = Number(m[3]);
        if (counter && Number.isFinite(value) && value > 0) counter.inc(labels, value);
    }
}

function flushSoon(): void {
    pending = pending.then(flush).catch((e: unknown) => {
        console.error(`certdeploy: could not write metrics: ${e instanceof Error ? e.message : String(e)}`);
    });
}

async function flush(): Promise<void> {
    const file = process.env.CERTDEPLOY_METRICS_FILE;
    if (file) {
        const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
        await fs.promises.writeFile(tmp, await registry.metrics());
        await fs.promises.rename(tmp, file);
    }
    const gateway = process.env.CERTDEPLOY_PUSHGATEWAY_URL;
    if (gateway) {
        // One group per Pulumi project, so concurrent stacks of different projects do not overwrite each other.
        await new Pushgateway(gateway, { timeout: 5000 }, registry).pushAdd({
            jobName: "certdeploy",
            groupings: { project: process.env.PULUMI_NODEJS_PROJECT ?? process.env.PULUMI_PROJECT ?? "unknown" },
        });
    }
}
