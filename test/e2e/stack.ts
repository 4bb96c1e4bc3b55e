/**
 * A Pulumi stack for end-to-end tests: runs a program with the sdk classes,
 * then drives the real provider host through the harness engine, one fresh
 * host per command as `pulumi` does. Collects every host log for audits.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine, OperationResult } from "../harness/engine";
import { ProviderHost, startProviderHost } from "../harness/host";
import { runProgram } from "../harness/program";
import type { PropertyMap } from "../harness/wire";
import { removeSecretsFromMap } from "../harness/wire";

export class TestStack {
    readonly engine = new Engine();
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-stack-"));
    readonly metricsFile = path.join(this.dir, "certdeploy.prom");
    readonly auditFile = path.join(this.dir, "audit.jsonl");
    private readonly allLogs: string[] = [];

    constructor(
        private readonly env: Record<string, string>,
        readonly project = "certdeploy-e2e",
        readonly stack = "dev",
    ) {}

    private async withHost<T>(run: (host: ProviderHost) => Promise<T>): Promise<T> {
        const host = await startProviderHost({
            project: this.project,
            env: {
                CERTDEPLOY_METRICS_FILE: this.metricsFile,
                CERTDEPLOY_AUDIT_LOG: this.auditFile,
                CERTDEPLOY_VERIFY_DELAY_MS: "20",
                CERTDEPLOY_ACM_IMPORTS_PER_SECOND: "0",
                CERTDEPLOY_AWS_MAX_ATTEMPTS: "2",
                CERTDEPLOY_AZURE_MAX_RETRIES: "1",
                CERTDEPLOY_AZURE_POLL_MS: "20",
                AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
                AWS_SECRET_ACCESS_KEY: "test-secret",
                AWS_EC2_METADATA_DISABLED: "true",
                ...this.env,
            },
        });
        try {
            return await run(host);
        } finally {
            await host.close();
            const logs = host.logs();
            this.allLogs.push(logs.stdout, logs.stderr);
        }
    }

    async preview(program: () => void): Promise<OperationResult> {
        const regs = await runProgram(program, { project: this.project, stack: this.stack, preview: true });
        return this.withHost((host) => this.engine.preview(host, regs));
    }

    async up(program: () => void): Promise<OperationResult> {
        const regs = await runProgram(program, { project: this.project, stack: this.stack });
        return this.withHost((host) => this.engine.up(host, regs));
    }

    refresh(): Promise<OperationResult> {
        return this.withHost((host) => this.engine.refresh(host));
    }

    destroy(): Promise<OperationResult> {
        return this.withHost((host) => this.engine.destroy(host));
    }

    /** Outputs of the one resource named `name`, secrets unwrapped. */
    outputs(name: string): Record<string, unknown> {
        const res = this.engine.state.resources.find((r) => r.urn.endsWith(`::${name}`));
        if (!res) throw new Error(`no resource ${name} in state`);
        return removeSecretsFromMap(res.outputs);
    }

    rawOutputs(name: string): PropertyMap {
        const res = this.engine.state.resources.find((r) => r.urn.endsWith(`::${name}`));
        if (!res) throw new Error(`no resource ${name} in state`);
        return res.outputs;
    }

    hostLogs(): string {
        return this.allLogs.join("\n");
    }

    metrics(): string {
        return fs.existsSync(this.metricsFile) ? fs.readFileSync(this.metricsFile, "utf8") : "";
    }

    cleanup(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** The value of one counter sample in Prometheus text, 0 when absent. */
export function counter(metrics: string, name: string, labels: Record<string, string>): number {
    const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    for (const line of metrics.split("\n")) {
        if (!line.startsWith(`${name}{`)) continue;
        const labelText = line.slice(name.length + 1, line.indexOf("}"));
        const have = labelText.split(",");
        if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(line.split(" ").pop());
    }
    return 0;
}
