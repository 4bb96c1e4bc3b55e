/**
 * The dynamic-provider host as an OS process: a throwaway "Pulumi program
 * directory" to run it in, the spawn, its output, its memory high-water mark.
 *
 * The host deserializes `__provider` with require-from-string, which resolves
 * modules from the host's cwd. A user's program directory has certdeploy and
 * @pulumi/pulumi in its node_modules; ours links both to this checkout, so
 * `require("certdeploy/provider")` in a serialized provider loads the repo's
 * own build (dist/, through package.json "exports").
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface HostProcessOptions {
    /** Extra environment for the host (wins over everything else). */
    env?: Record<string, string>;
    /** The checkout that `certdeploy` resolves to; default: found from this file's location. */
    repoRoot?: string;
    /** How long to wait for the host to print its port. */
    startTimeoutMs?: number;
}

export interface ExitInfo {
    code: number | null;
    signal: NodeJS.Signals | null;
}

/** Environment variables passed through from the test process; everything else is dropped. */
const PASSED_THROUGH = ["PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT"];

/** The checkout root: the nearest ancestor of this file holding certdeploy's package.json. */
export function findRepoRoot(start: string = __dirname): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest)) {
            const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: unknown };
            if (pkg.name === "certdeploy") return dir;
        }
        if (path.dirname(dir) === dir) throw new Error(`no certdeploy package.json above ${start}`);
    }
}

/** Peak resident set size of a live process in bytes (Linux /proc VmHWM), or undefined. */
export function readPeakRssBytes(pid: number): number | undefined {
    try {
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
        return match ? Number(match[1]) * 1024 : undefined;
    } catch {
        return undefined;
    }
}

export class HostProcess {
    readonly programDir: string;
    readonly child: ChildProcessWithoutNullStreams;
    readonly exited: Promise<ExitInfo>;
    private stdout = "";
    private stderr = "";
    private exitInfo: ExitInfo | undefined;
    private peakRss: number | undefined;
    private removed = false;

    private constructor(programDir: string, child: ChildProcessWithoutNullStreams) {
        this.programDir = programDir;
        this.child = child;
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (this.stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (this.stderr += chunk));
        this.exited = new Promise<ExitInfo>((resolve) => {
            child.on("exit", (code, signal) => {
                this.exitInfo = { code, signal };
                resolve(this.exitInfo);
            });
        });
    }

    /** Creates the program directory, starts the host there and waits for its port. */
    static async start(opts: HostProcessOptions = {}): Promise<{ process: HostProcess; port: number }> {
        const repoRoot = opts.repoRoot ?? findRepoRoot();
        const hostScript = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", { paths: [repoRoot] });
        const programDir = createProgramDir(repoRoot);
        const env: Record<string, string> = { HOME: programDir };
        for (const name of PASSED_THROUGH) {
            const value = process.env[name];
            if (value !== undefined) env[name] = value;
        }
        Object.assign(env, opts.env);
        // The engine address argument is required by the host but never dialled.
        const child = spawn(process.execPath, [hostScript, "127.0.0.1:1"], { cwd: programDir, env });
        const host = new HostProcess(programDir, child);
        try {
            const port = await host.waitForPort(opts.startTimeoutMs ?? 30_000);
            return { process: host, port };
        } catch (err) {
            await host.stop("SIGKILL");
            throw err;
        }
    }

    get pid(): number {
        return this.child.pid ?? -1;
    }

    logs(): { stdout: string; stderr: string } {
        return { stdout: this.stdout, stderr: this.stderr };
    }

    exitStatus(): ExitInfo | undefined {
        return this.exitInfo;
    }

    /** Peak RSS in bytes: live while running, else the last sample taken before the host was stopped. */
    peakRssBytes(): number | undefined {
        if (this.exitInfo === undefined) this.samplePeakRss();
        return this.peakRss;
    }

    /** Stops the host (if running) with `signal` and removes the program directory. */
    async stop(signal: NodeJS.Signals): Promise<ExitInfo> {
        if (this.exitInfo === undefined) {
            this.samplePeakRss();
            this.child.kill(signal);
            const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
            await this.exited;
            clearTimeout(timer);
        }
        this.removeProgramDir();
        return this.exitInfo ?? (await this.exited);
    }

    private samplePeakRss(): void {
        const rss = readPeakRssBytes(this.pid);
        if (rss !== undefined) this.peakRss = Math.max(rss, this.peakRss ?? 0);
    }

    private waitForPort(timeoutMs: number): Promise<number> {
        return new Promise<number>((resolve, reject) => {
            const check = (): void => {
                const line = /^(\d+)\r?\n/.exec(this.stdout);
                if (line) return finish(() => resolve(Number(line[1])));
            };
            const onExit = (): void =>
                finish(() => reject(new Error(`provider host exited before printing its port: ${this.stderr.trim()}`)));
            const timer = setTimeout(
                () => finish(() => reject(new Error(`provider host printed no port within ${timeoutMs} ms`))),
                timeoutMs,
            );
            const finish = (settle: () => void): void => {
                clearTimeout(timer);
                this.child.stdout.off("data", check);
                this.child.off("exit", onExit);
                settle();
            };
            this.child.stdout.on("data", check);
            this.child.on("exit", onExit);
            check();
        });
    }

    private removeProgramDir(): void {
        if (this.removed) return;
        this.removed = true;
        removeProgramDir(this.programDir);
    }
}

const LINKED_PACKAGES = ["certdeploy", path.join("@pulumi", "pulumi")];

function createProgramDir(repoRoot: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-host-"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "harness-program", private: true }));
    for (const pkg of LINKED_PACKAGES) {
        // Resolved as Node would from certdeploy: in a checkout its own node_modules; once installed, the user's (a peer dependency).
        const target =
            pkg === "certdeploy"
                ? repoRoot
                : path.dirname(require.resolve(`${pkg}/package.json`, { paths: [repoRoot] }));
        const link = path.join(dir, "node_modules", pkg);
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(target, link, "dir");
    }
    return dir;
}

/** Unlinks the package links first, so nothing can ever recurse into the checkout. */
function removeProgramDir(dir: string): void {
    for (const pkg of LINKED_PACKAGES) fs.rmSync(path.join(dir, "node_modules", pkg), { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
}
