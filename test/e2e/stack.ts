/**
 * A Pulumi stack for end-to-end tests: each command runs through the harness
 * engine (test/harness/engine.ts): the program under the real Node language
 * runtime, one fresh dynamic-provider host per command as `pulumi` does.
 * Collects every host log for audits.
 *
 *     const stack = new TestStack(env);
 *     const result = await stack.up(declare([acm("api", { ..., privateKeyPem: secret(keyPem) })]));
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine, type OperationResult, type ProgramRun } from "../harness/engine";
import type { StandInFaults, StandInOutputs, StandInRecord } from "../harness/engine-providers";
import type { EngineState, ResourceState } from "../harness/engine-state";
import type { PropertyMap } from "../harness/wire";
import { removeSecretsFromMap } from "../harness/wire";

export interface TestStackOptions {
    /** Resource operations at once; default 8 (the engine's `--parallel`). */
    parallel?: number;
    standInOutputs?: StandInOutputs;
    /** Failures the stand-in provider answers with (e.g. a listener that refuses its update). */
    standInFaults?: StandInFaults;
    /** Harness safeguard per command (default 15 min); not engine behaviour. */
    safetyTimeoutMs?: number;
    /** A checkpoint to start from (e.g. one an earlier release wrote). */
    state?: EngineState;
}

export class TestStack {
    readonly engine: Engine;
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-stack-"));
    readonly metricsFile = path.join(this.dir, "certdeploy.prom");
    readonly auditFile = path.join(this.dir, "audit.jsonl");
    private readonly allLogs: string[] = [];

    constructor(
        env: Record<string, string>,
        readonly project = "certdeploy-e2e",
        readonly stack = "dev",
        opts: TestStackOptions = {},
    ) {
        this.engine = new Engine({
            project,
            stack,
            parallel: opts.parallel,
            standInOutputs: opts.standInOutputs,
            standInFaults: opts.standInFaults,
            safetyTimeoutMs: opts.safetyTimeoutMs,
            state: opts.state,
            host: {
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
                    ...env,
                },
            },
        });
    }

    private async logged(run: Promise<OperationResult>): Promise<OperationResult> {
        try {
            return await run;
        } finally {
            const { host, program } = this.engine.lastLogs;
            this.allLogs.push(host.stdout, host.stderr, program.stdout, program.stderr);
        }
    }

    preview(program: ProgramRun): Promise<OperationResult> {
        return this.logged(this.engine.preview(program));
    }

    up(program: ProgramRun): Promise<OperationResult> {
        return this.logged(this.engine.up(program));
    }

    refresh(): Promise<OperationResult> {
        return this.logged(this.engine.refresh());
    }

    destroy(): Promise<OperationResult> {
        return this.logged(this.engine.destroy());
    }

    /** The live state entry of the one resource named `name`. */
    resource(name: string): ResourceState {
        const res = this.engine.state.resources.find((r) => r.urn.endsWith(`::${name}`) && !r.delete);
        if (!res) throw new Error(`no resource ${name} in state`);
        return res;
    }

    /** Outputs of the one resource named `name`, secrets unwrapped. */
    outputs(name: string): Record<string, unknown> {
        return removeSecretsFromMap(this.resource(name).outputs);
    }

    rawOutputs(name: string): PropertyMap {
        return this.resource(name).outputs;
    }

    /** Custom resources in state (the stack and components left out). */
    customResources(): ResourceState[] {
        return this.engine.state.resources.filter((r) => r.custom);
    }

    /** What the stand-in provider was called with for `name`: "create", "update", … with the inputs it received. */
    standInCalls(name: string): StandInRecord[] {
        return this.engine.standIn.callsFor(name);
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
