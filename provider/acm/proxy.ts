/**
 * Corporate proxies for the AWS SDK. Its Node HTTP handler ignores HTTPS_PROXY
 * (DESIGN.md §12); the Azure SDK honours it. Here the same variables are read
 * with the Azure SDK's rules (@typespec/ts-http-runtime `proxyPolicy`), so that
 * one environment sends ACM and Key Vault the same way:
 *
 * - the proxy is HTTPS_PROXY, else ALL_PROXY, else HTTP_PROXY (upper case first, then lower), for
 *   https and http requests alike;
 * - NO_PROXY is a comma-separated list: `.example.com` bypasses example.com and every host under it,
 *   any other entry bypasses exactly that host name (no wildcards, ports or address ranges).
 *
 *   proxyAgentsFromEnv({ HTTPS_PROXY: "http://proxy.corp:3128", NO_PROXY: ".internal" })
 *   // { httpsAgent, httpAgent }: acm.us-east-1.amazonaws.com through proxy.corp:3128 (CONNECT),
 *   // acm.vpce.internal direct
 *   proxyAgentsFromEnv({}) // {}: the SDK's own agents, unchanged
 *
 * The tunnel itself is https-proxy-agent's (and http-proxy-agent's for a plain-http endpoint).
 */
import * as http from "node:http";
import * as https from "node:https";
import type * as net from "node:net";
import { Agent, type AgentConnectOpts } from "agent-base";

type Env = NodeJS.ProcessEnv;

const valueOf = (env: Env, name: string): string | undefined => env[name] || env[name.toLowerCase()] || undefined;

/** The proxy URL the environment names, or undefined for none. */
export function proxyUrlFromEnv(env: Env): URL | undefined {
    const value = valueOf(env, "HTTPS_PROXY") ?? valueOf(env, "ALL_PROXY") ?? valueOf(env, "HTTP_PROXY");
    if (value === undefined) return undefined;
    try {
        return new URL(value);
    } catch {
        // No value in the message: a proxy URL may carry a password.
        throw new Error(
            "HTTPS_PROXY / ALL_PROXY / HTTP_PROXY is not a URL; expected e.g. http://proxy.example.com:3128",
        );
    }
}

export function noProxyFromEnv(env: Env): string[] {
    return (valueOf(env, "NO_PROXY") ?? "")
        .split(",")
        .map((entry) => entry.trim().toLowerCase())
        .filter((entry) => entry.length > 0);
}

/** True when `host` is to be reached directly: the Azure SDK's NO_PROXY matching. */
export function bypassesProxy(host: string, noProxy: readonly string[]): boolean {
    const h = host.toLowerCase().replace(/^\[|\]$/g, "");
    return noProxy.some((pattern) =>
        pattern.startsWith(".") ? h.endsWith(pattern) || h === pattern.slice(1) : h === pattern,
    );
}

/** Sends each request through the proxy agent or a direct one, by the request's host and NO_PROXY. */
class EnvironmentProxyAgent extends Agent {
    constructor(
        private readonly viaProxy: http.Agent,
        private readonly direct: http.Agent,
        private readonly noProxy: readonly string[],
    ) {
        super({ keepAlive: true });
    }

    connect(_req: http.ClientRequest, opts: AgentConnectOpts): http.Agent | net.Socket {
        return bypassesProxy(opts.host ?? "", this.noProxy) ? this.direct : this.viaProxy;
    }
}

export interface ProxyAgents {
    httpAgent?: http.Agent;
    httpsAgent?: https.Agent | http.Agent;
}

/** Agents for the AWS SDK's NodeHttpHandler, or none when the environment names no proxy. */
export function proxyAgentsFromEnv(env: Env): ProxyAgents {
    const proxy = proxyUrlFromEnv(env);
    if (!proxy) return {};
    const noProxy = noProxyFromEnv(env);
    // Loaded only behind a proxy: no cost for everyone else.
    const { HttpsProxyAgent } = require("https-proxy-agent") as typeof import("https-proxy-agent");
    const { HttpProxyAgent } = require("http-proxy-agent") as typeof import("http-proxy-agent");
    return {
        httpsAgent: new EnvironmentProxyAgent(
            new HttpsProxyAgent(proxy, { keepAlive: true }),
            new https.Agent({ keepAlive: true }),
            noProxy,
        ),
        httpAgent: new EnvironmentProxyAgent(
            new HttpProxyAgent(proxy, { keepAlive: true }),
            new http.Agent({ keepAlive: true }),
            noProxy,
        ),
    };
}
