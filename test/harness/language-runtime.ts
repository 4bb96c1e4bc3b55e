/**
 * Starts a Pulumi program under the real Node language runtime shipped in
 * @pulumi/pulumi (`cmd/run`), as pulumi-language-nodejs starts it
 * (sdk/nodejs/cmd/pulumi-language-nodejs/main.go, constructArguments and
 * execRuntime): `node <run> --monitor A --engine A --project P --stack S
 * --pwd DIR [--dry-run] --parallel N <entry>`, config in PULUMI_CONFIG
 * (JSON) and PULUMI_CONFIG_SECRET_KEYS, PULUMI_NODEJS_TYPESCRIPT for a
 * TypeScript entry point. The run script is resolved from the program's own
 * directory, as the language host's locateModule does, so a program with its
 * own node_modules (examples/) runs its own copy of the runtime.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as path from "node:path";
import type { ExitInfo } from "./host-process";

export interface ProgramRun {
    /** The entry point (a .js file, or .ts with `typescript`). */
    file: string;
    /** Working directory (--pwd); default: the entry point's folder. */
    cwd?: string;
    /** Configuration as `<namespace>:<key>` → value. */
    config?: Record<string, string>;
    /** Config keys whose values are secret. */
    secretConfig?: string[];
    typescript?: boolean;
    /** Extra environment for the program process. */
    env?: Record<string, string>;
}

export interface RuntimeOptions extends ProgramRun {
    monitorAddress: string;
    engineAddress: string;
    project: string;
    stack: string;
    dryRun: boolean;
    parallel: number;
}

const PASSED_THROUGH = ["PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "TEMP", "TMP", "HOME"];

export class ProgramProcess {
    readonly exited: Promise<ExitInfo>;
    private stdout = "";
    private stderr = "";

    private constructor(private readonly child: ChildProcessWithoutNullStreams) {
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (this.stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (this.stderr += chunk));
        this.exited = new Promise<ExitInfo>((resolve) => {
            child.on("exit", (code, signal) => resolve({ code, signal }));
            child.on("error", () => resolve({ code: -1, signal: null }));
        });
    }

    static start(opts: RuntimeOptions): ProgramProcess {
        const cwd = opts.cwd ?? path.dirname(opts.file);
        const runScript = require.resolve("@pulumi/pulumi/cmd/run", { paths: [cwd] });
        const args = [
            runScript,
            "--monitor",
            opts.monitorAddress,
            "--engine",
            opts.engineAddress,
            "--project",
            opts.project,
            "--stack",
            opts.stack,
            "--pwd",
            cwd,
        ];
        if (opts.dryRun) args.push("--dry-run");
        args.push("--parallel", String(opts.parallel), opts.file);
        const env: Record<string, string> = {};
        for (const name of PASSED_THROUGH) {
            const value = process.env[name];
            if (value !== undefined) env[name] = value;
        }
        env.PULUMI_CONFIG = JSON.stringify(opts.config ?? {});
        env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(opts.secretConfig ?? []);
        if (opts.typescript)
            Object.assign(env, { PULUMI_NODEJS_TYPESCRIPT: "true", PULUMI_NODEJS_TRANSPILE_ONLY: "true" });
        Object.assign(env, opts.env);
        return new ProgramProcess(spawn(process.execPath, args, { cwd, env }));
    }

    logs(): { stdout: string; stderr: string } {
        return { stdout: this.stdout, stderr: this.stderr };
    }

    /** SIGKILL (the harness's safety timeout); resolves when the process has gone. */
    async kill(): Promise<ExitInfo> {
        this.child.kill("SIGKILL");
        return this.exited;
    }
}
