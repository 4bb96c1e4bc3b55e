import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";

/** A moto server on 127.0.0.1 (ACM and every other service moto emulates on one port). */
export interface MotoServer {
    endpoint: string;
    /** Forget every resource (POST /moto-api/reset). */
    reset(): Promise<void>;
    close(): Promise<void>;
}

export interface StartMotoOptions {
    /** Python interpreters to try in order. Default: $CERTDEPLOY_MOTO_PYTHON, python3.11, python3. */
    pythons?: string[];
    /** How long to wait for moto to answer. Default 20 s. */
    timeoutMs?: number;
    /** Extra environment for moto, e.g. INITIAL_NO_AUTH_ACTION_COUNT to enforce IAM after the setup calls. */
    env?: Record<string, string>;
}

async function freePort(): Promise<number> {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

async function answers(endpoint: string): Promise<boolean> {
    try {
        const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
        await response.arrayBuffer();
        return response.ok;
    } catch {
        return false;
    }
}

async function stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
}

/** Starts one interpreter's moto, or says why it could not. */
async function tryStart(python: string, timeoutMs: number, env: Record<string, string>): Promise<MotoServer | string> {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const child = spawn(python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, ...env },
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString("utf8")).slice(-2000);
    });
    const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        const failed = await Promise.race([spawnError, sleep(200).then(() => undefined)]);
        if (failed !== undefined) {
            return (failed as NodeJS.ErrnoException).code === "ENOENT"
                ? `${python} not found`
                : `${python}: ${failed.message}`;
        }
        if (child.exitCode !== null)
            return `\`${python} -m moto.server\` exited with code ${child.exitCode}: ${stderr.trim()}`;
        if (await answers(endpoint)) {
            return {
                endpoint,
                reset: async () => {
                    const response = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
                    await response.arrayBuffer();
                },
                close: () => stop(child),
            };
        }
    }
    await stop(child);
    return `\`${python} -m moto.server\` did not answer on ${endpoint} within ${timeoutMs} ms: ${stderr.trim()}`;
}

/**
 * Starts `python -m moto.server` on a free loopback port and waits until it answers.
 * Throws a clear error when no interpreter with moto can be started (never skips). The caller closes it.
 */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
    const fromEnv = process.env.CERTDEPLOY_MOTO_PYTHON;
    const pythons = options.pythons ?? [...(fromEnv === undefined ? [] : [fromEnv]), "python3.11", "python3"];
    const failures: string[] = [];
    for (const python of pythons) {
        const started = await tryStart(python, options.timeoutMs ?? 20_000, options.env ?? {});
        if (typeof started !== "string") return started;
        failures.push(started);
    }
    throw new Error(
        `moto could not be started (install moto 5.x with its server extra: pip install "moto[server]"):\n${failures.join("\n")}`,
    );
}
