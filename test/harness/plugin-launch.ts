/**
 * Starts a resource plugin the way the Pulumi engine does
 * (pulumi sdk/go/common/resource/plugin/plugin.go ExecPlugin, and
 * sdk/nodejs/cmd/pulumi-language-nodejs RunPlugin for the nodejs runtime):
 *
 * - `<plugin dir>/pulumi-resource-<name>` exists → exec it with the engine
 *   address as its argument, in the program's working directory;
 * - otherwise `<plugin dir>/PulumiPlugin.yaml` names the runtime; for
 *   `nodejs` the language host resolves `@pulumi/pulumi/cmd/run-plugin` from
 *   the plugin directory (`node -e require.resolve(…)` there) and runs
 *   `node <run-plugin> <plugin dir> <engine address>` in the working directory,
 *   with PULUMI_NODEJS_TYPESCRIPT=true (the runtime's default option);
 * - the engine adds PULUMI_PROJECT (and PULUMI_CONFIG) to the environment,
 *   then reads one line from stdout: the port.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseYaml } from "./yaml";

export interface PluginLaunchOptions {
    /** The directory the engine found the plugin in (an installed package root). */
    pluginDir: string;
    /** Plugin name: the executable is `pulumi-resource-<name>`. */
    name: string;
    /** The program's working directory (the engine's pwd). */
    pwd: string;
    project: string;
    /** The whole environment of the plugin process. */
    env: Record<string, string>;
    /** The engine's gRPC address, passed as the plugin's argument. */
    engineAddress: string;
}

export interface LaunchedPlugin {
    child: ChildProcessWithoutNullStreams;
    /** "executable" or "nodejs" (PulumiPlugin.yaml). */
    route: "executable" | "nodejs";
    command: string[];
}

/** `runtime: nodejs` or `runtime: { name: nodejs, options: … }` from PulumiPlugin.yaml (the two forms Pulumi accepts). */
export function pluginRuntime(yaml: string): string | undefined {
    const manifest = parseYaml(yaml) as { runtime?: string | { name?: string } } | null;
    const runtime = manifest?.runtime;
    return typeof runtime === "string" ? runtime : runtime?.name;
}

export function launchPlugin(opts: PluginLaunchOptions): LaunchedPlugin {
    const env = { ...opts.env, PULUMI_PROJECT: opts.project };
    const executable = path.join(opts.pluginDir, `pulumi-resource-${opts.name}`);
    if (fs.existsSync(executable) && fs.statSync(executable).isFile()) {
        const command = [executable, opts.engineAddress];
        return { route: "executable", command, child: spawn(executable, [opts.engineAddress], { cwd: opts.pwd, env }) };
    }
    const manifest = path.join(opts.pluginDir, "PulumiPlugin.yaml");
    if (!fs.existsSync(manifest))
        throw new Error(`no pulumi-resource-${opts.name} and no PulumiPlugin.yaml in ${opts.pluginDir}`);
    const runtime = pluginRuntime(fs.readFileSync(manifest, "utf8"));
    if (runtime !== "nodejs")
        throw new Error(
            `PulumiPlugin.yaml in ${opts.pluginDir} names runtime ${runtime ?? "(none)"}; this launcher runs nodejs plugins`,
        );
    const runPlugin = execFileSync(
        process.execPath,
        ["-e", "console.log(require.resolve('@pulumi/pulumi/cmd/run-plugin'))"],
        {
            cwd: opts.pluginDir,
            encoding: "utf8",
        },
    ).trim();
    const command = [process.execPath, runPlugin, opts.pluginDir, opts.engineAddress];
    const child = spawn(command[0], command.slice(1), {
        cwd: opts.pwd,
        env: { ...env, PULUMI_NODEJS_TYPESCRIPT: "true" },
    });
    return { route: "nodejs", command, child };
}

/** Resolves with the port once the plugin printed its first line, as the engine reads it. */
export function readPort(
    child: ChildProcessWithoutNullStreams,
    output: () => { stdout: string; stderr: string },
    timeoutMs: number,
): Promise<number> {
    return new Promise<number>((resolve, reject) => {
        const check = (): void => {
            const line = /^([^\n]*)\n/.exec(output().stdout);
            if (!line) return;
            const port = Number(line[1].trim());
            finish(() =>
                Number.isInteger(port) && port > 0 && port < 65536
                    ? resolve(port)
                    : reject(new Error(`plugin wrote an invalid port to stdout: ${line[1]}`)),
            );
        };
        const onExit = (): void =>
            finish(() => reject(new Error(`plugin exited before printing its port: ${output().stderr.trim()}`)));
        const timer = setTimeout(
            () =>
                finish(() =>
                    reject(new Error(`plugin printed no port within ${timeoutMs} ms: ${output().stderr.trim()}`)),
                ),
            timeoutMs,
        );
        const finish = (settle: () => void): void => {
            clearTimeout(timer);
            child.stdout.off("data", check);
            child.off("exit", onExit);
            settle();
        };
        child.stdout.on("data", check);
        child.on("exit", onExit);
        check();
    });
}
