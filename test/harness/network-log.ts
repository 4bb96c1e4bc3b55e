/**
 * Test-side helpers for network-guard.ts: the environment that loads it into
 * a provider host, and the parsed log.
 *
 *     const log = path.join(tmp, "net.jsonl");
 *     const host = await startProviderHost({ env: networkGuardEnv(log) });
 *     // ... preview ...
 *     assert.deepEqual(outboundAttempts(readNetworkLog(log)), []);
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { NETWORK_DENY_ENV, NETWORK_LOG_ENV, type NetworkEvent } from "./network-guard";

export type { NetworkEvent } from "./network-guard";

/** Absolute path of the compiled preload. */
export const networkGuardPath = path.join(__dirname, "network-guard.js");

/** Environment for a process that should load the guard and log to `logFile`. */
export function networkGuardEnv(logFile: string, opts: { deny?: boolean } = {}): Record<string, string> {
    const env: Record<string, string> = {
        NODE_OPTIONS: `--require ${JSON.stringify(networkGuardPath)}`,
        [NETWORK_LOG_ENV]: logFile,
    };
    if (opts.deny) env[NETWORK_DENY_ENV] = "1";
    return env;
}

/** Events recorded so far; [] if nothing was ever attempted (the guard creates the file lazily). */
export function readNetworkLog(logFile: string): NetworkEvent[] {
    if (!fs.existsSync(logFile)) return [];
    return fs
        .readFileSync(logFile, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as NetworkEvent);
}

/** Connects and lookups aimed at a network host (local IPC paths left out). */
export function outboundAttempts(events: NetworkEvent[]): NetworkEvent[] {
    return events.filter((e) => e.path === undefined);
}
