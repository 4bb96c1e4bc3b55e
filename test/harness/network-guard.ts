/**
 * Preload that records every outbound network attempt of the process it is
 * loaded into: TCP/TLS/HTTP connects (anything that reaches
 * `net.Socket.prototype.connect`, which includes fetch/undici and the SDKs'
 * HTTP agents) and DNS queries. Listening sockets (the host's own gRPC
 * server, including the bind-address lookup inside listen()) and the
 * connections they accept are not outbound and are not logged.
 *
 *     NODE_OPTIONS=--require /path/to/dist/test/harness/network-guard.js
 *     CERTDEPLOY_NETWORK_LOG=/tmp/net.jsonl     # one JSON NetworkEvent per line
 *     CERTDEPLOY_NETWORK_DENY=1                  # optional: fail each attempt, as a sealed network would
 *
 * It installs itself only when CERTDEPLOY_NETWORK_LOG is set, so importing
 * this module for its types is harmless. See network-log.ts for helpers.
 */
import fs = require("node:fs");
import net = require("node:net");
import dns = require("node:dns");

export const NETWORK_LOG_ENV = "CERTDEPLOY_NETWORK_LOG";
export const NETWORK_DENY_ENV = "CERTDEPLOY_NETWORK_DENY";

export interface NetworkEvent {
    kind: "connect" | "lookup";
    /** The API that was called, e.g. `net.Socket.connect`, `dns.lookup`, `dns.promises.resolve4`. */
    api: string;
    host?: string;
    port?: number;
    /** Unix socket / named pipe path, for local IPC connects. */
    path?: string;
    denied: boolean;
    pid: number;
    at: string;
    /** A few caller frames, to find who dialled. */
    stack: string[];
}

const DNS_FUNCTIONS = [
    "lookup",
    "lookupService",
    "resolve",
    "resolve4",
    "resolve6",
    "resolveAny",
    "resolveCaa",
    "resolveCname",
    "resolveMx",
    "resolveNaptr",
    "resolveNs",
    "resolvePtr",
    "resolveSoa",
    "resolveSrv",
    "resolveTxt",
    "reverse",
] as const;

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

export function installNetworkGuard(logFile: string, deny: boolean): void {
    const record = (event: Omit<NetworkEvent, "pid" | "at" | "stack" | "denied">): void => {
        const stack = (new Error().stack ?? "")
            .split("\n")
            .slice(3, 11)
            .map((l) => l.trim());
        const full: NetworkEvent = { ...event, denied: deny, pid: process.pid, at: new Date().toISOString(), stack };
        fs.appendFileSync(logFile, JSON.stringify(full) + "\n");
    };

    // Taken off the prototype on purpose: it is re-applied with the socket as `this`.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const originalConnect = net.Socket.prototype.connect as unknown as AnyFunction;
    const guardedConnect = function (this: unknown, ...args: unknown[]): unknown {
        record({ kind: "connect", api: "net.Socket.connect", ...describeConnect(args) });
        if (deny) {
            const socket = this as net.Socket;
            const err = Object.assign(new Error("network-guard: outbound connect denied"), { code: "ECONNREFUSED" });
            process.nextTick(() => socket.destroy(err));
            return socket;
        }
        return originalConnect.apply(this, args);
    };
    (net.Socket.prototype as unknown as { connect: AnyFunction }).connect = guardedConnect;

    // A server resolves its own bind address inside listen() (the host's gRPC
    // server does, for 127.0.0.1): that is not an outbound lookup.
    let inListen = 0;
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const originalListen = net.Server.prototype.listen as unknown as AnyFunction;
    (net.Server.prototype as unknown as { listen: AnyFunction }).listen = function (
        this: unknown,
        ...args: unknown[]
    ): unknown {
        inListen += 1;
        try {
            return originalListen.apply(this, args);
        } finally {
            inListen -= 1;
        }
    };

    const patchDns = (target: object, prefix: string, promises: boolean): void => {
        const table = target as Record<string, unknown>;
        for (const name of DNS_FUNCTIONS) {
            const original = table[name];
            if (typeof original !== "function") continue;
            const fn = original as AnyFunction;
            table[name] = function (this: unknown, ...args: unknown[]): unknown {
                if (inListen > 0) return fn.apply(this, args);
                record({
                    kind: "lookup",
                    api: `${prefix}.${name}`,
                    host: typeof args[0] === "string" ? args[0] : undefined,
                });
                if (!deny) return fn.apply(this, args);
                const err = Object.assign(new Error(`network-guard: ${name} denied`), { code: "ENOTFOUND" });
                if (promises) return Promise.reject(err);
                const callback = args[args.length - 1];
                if (typeof callback === "function") process.nextTick(() => (callback as (e: Error) => void)(err));
                return undefined;
            };
        }
    };
    patchDns(dns, "dns", false);
    patchDns(dns.promises, "dns.promises", true);
}

/** Host/port/path from any of Socket.connect's call shapes (including net's pre-normalized array). */
function describeConnect(args: unknown[]): { host?: string; port?: number; path?: string } {
    const first: unknown = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    if (typeof first === "object" && first !== null) {
        const o = first as { host?: unknown; port?: unknown; path?: unknown };
        if (typeof o.path === "string") return { path: o.path };
        return {
            host: typeof o.host === "string" ? o.host : "localhost",
            port: o.port === undefined ? undefined : Number(o.port),
        };
    }
    if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
        return { port: Number(first), host: typeof args[1] === "string" ? args[1] : "localhost" };
    }
    if (typeof first === "string") return { path: first };
    return {};
}

const logFile = process.env[NETWORK_LOG_ENV];
if (logFile) installNetworkGuard(logFile, process.env[NETWORK_DENY_ENV] === "1");
