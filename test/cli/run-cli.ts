/** Runs the compiled CLI (dist/cli/main.js) as a child process, as a user's shell would. */
import { spawn } from "node:child_process";
import * as path from "node:path";

export const CLI = path.resolve(__dirname, "..", "..", "cli", "main.js");

export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

export interface CliOptions {
    env?: NodeJS.ProcessEnv;
    /** Written to the CLI's stdin (then closed). */
    stdin?: string;
    timeoutMs?: number;
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...args], {
            env: options.env ?? process.env,
            stdio: ["pipe", "pipe", "pipe"],
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (b: Buffer) => out.push(b));
        child.stderr.on("data", (b: Buffer) => err.push(b));
        const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
        child.once("error", (e) => {
            clearTimeout(timer);
            reject(e);
        });
        child.once("close", (code) => {
            clearTimeout(timer);
            resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
        });
        child.stdin.end(options.stdin ?? "");
    });
}

/** Parses stdout as JSON, failing the test with the output when it is not. */
export function jsonOf<T>(run: CliRun): T {
    try {
        return JSON.parse(run.stdout) as T;
    } catch {
        throw new Error(`stdout is not JSON (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`);
    }
}
