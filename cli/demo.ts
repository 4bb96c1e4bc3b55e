/**
 * `certdeploy demo`: runs the main job (dist/demo/run.js: one stack, both
 * resources, through the real provider host against the local emulators) and
 * exits with its exit code. Ctrl-C and SIGTERM are passed to the job so it can
 * stop its emulators; a job killed by a signal exits 128 + the signal number.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Command } from "commander";
import { UsageError } from "./exit-codes";
import { printJson } from "./output";
import { packageRoot } from "./package-root";

interface DemoOptions {
    json?: boolean;
}

const FORWARDED_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

export function addDemoCommand(parent: Command, setExitCode: (code: number) => void): void {
    parent
        .command("demo")
        .description(
            "run the main job against the local ACM and Key Vault emulators: preview, up, rotate, a rotation rolled back to the certificate and key kept in state, refresh with drift, destroy",
        )
        .option("--json", "send the job's log to stderr and print a JSON summary on stdout")
        .addHelpText(
            "after",
            "\nExit code: the job's (0 when every step happened as shown); 2 when the job is not built (run npm run build).",
        )
        .action(async (options: DemoOptions) => setExitCode(await runDemo(options)));
}

async function runDemo(options: DemoOptions): Promise<number> {
    const script = path.join(packageRoot(), "dist", "demo", "run.js");
    if (!fs.existsSync(script)) throw new UsageError(`the demo is not built (${script} is missing); run npm run build`);
    const started = performance.now();
    const child = spawn(process.execPath, [script], { stdio: options.json ? ["ignore", 2, 2] : "inherit" });
    const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
    for (const s of FORWARDED_SIGNALS) process.on(s, forward);
    try {
        const exitCode = await new Promise<number>((resolve, reject) => {
            child.once("error", reject);
            child.once("exit", (code, signal) => resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
        });
        if (options.json)
            printJson({
                command: "demo",
                script: path.relative(packageRoot(), script),
                exitCode,
                durationMs: Math.round(performance.now() - started),
            });
        return exitCode;
    } finally {
        for (const s of FORWARDED_SIGNALS) process.off(s, forward);
    }
}
