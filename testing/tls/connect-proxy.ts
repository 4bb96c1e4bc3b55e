/**
 * A loopback HTTPS_PROXY that never connects outward.
 *
 * Clients that honour HTTPS_PROXY (the Azure SDK's proxy policy does) send
 * `CONNECT host:443`. For an allow-listed host with an in-process handler we
 * answer 200, terminate TLS ourselves with a leaf issued by the test CA for
 * that hostname, and hand the decrypted HTTP/1.1 stream to the handler.
 * Everything else is refused: 403 for hosts outside the allow-list, 502 (as a
 * DNS failure would surface) for allowed hosts nobody serves, 405 for plain
 * `GET http://…` proxying.
 */
import * as http from "node:http";
import type { Duplex } from "node:stream";
import * as tls from "node:tls";
import { AZURE_HOST_ALLOW_LIST, isAllowedHost } from "./host-patterns";
import type { TestCa } from "../pki";

export type ProxyOutcome = "tunnelled" | "refused" | "unrouted";

export interface ProxyConnectRecord {
    host: string;
    port: number;
    outcome: ProxyOutcome;
    at: number;
}

/** One HTTP request that arrived inside a tunnel (what the proxy forwarded), in arrival order. */
export interface ProxiedRequestRecord {
    /** The tunnel's CONNECT host. */
    host: string;
    method: string;
    path: string;
    /** The Host header the client sent inside the tunnel. */
    hostHeader?: string;
    /** AWS JSON operations name themselves in X-Amz-Target. */
    amzTarget?: string;
    at: number;
}

export interface ConnectProxyOptions {
    ca: TestCa;
    /** Resolve an allowed host to its in-process handler; undefined means "no such host". */
    route: (host: string) => http.RequestListener | undefined;
    allowList?: readonly string[];
}

export interface ConnectProxy {
    /** `http://127.0.0.1:<port>`: the value for HTTPS_PROXY. */
    readonly url: string;
    readonly port: number;
    /** Every CONNECT (and refused plain proxy request) in arrival order. */
    connects(): ProxyConnectRecord[];
    /** Every request forwarded through a tunnel, in arrival order. */
    requests(): ProxiedRequestRecord[];
    close(): Promise<void>;
}

function parseAuthority(authority: string): { host: string; port: number } | undefined {
    const match = /^([A-Za-z0-9.-]+):(\d{1,5})$/.exec(authority);
    if (!match) return undefined;
    return { host: match[1].toLowerCase(), port: Number(match[2]) };
}

function refuse(socket: Duplex, status: string, reason: string): void {
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}\n`);
}

export async function startConnectProxy(options: ConnectProxyOptions): Promise<ConnectProxy> {
    const allowList = options.allowList ?? AZURE_HOST_ALLOW_LIST;
    const log: ProxyConnectRecord[] = [];
    const forwarded: ProxiedRequestRecord[] = [];
    const sockets = new Set<Duplex>();
    const innerServers = new Map<http.RequestListener, http.Server>();
    const front = http.createServer();

    function track(socket: Duplex): void {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => socket.destroy());
    }

    function innerServerFor(handler: http.RequestListener): http.Server {
        let server = innerServers.get(handler);
        if (!server) {
            server = http.createServer((req, res) => {
                const tunnel =
                    (req.socket as tls.TLSSocket & { certdeployTunnelHost?: string }).certdeployTunnelHost ?? "";
                const amzTarget = req.headers["x-amz-target"];
                forwarded.push({
                    host: tunnel,
                    method: req.method ?? "",
                    path: req.url ?? "",
                    ...(req.headers.host === undefined ? {} : { hostHeader: req.headers.host }),
                    ...(typeof amzTarget === "string" ? { amzTarget } : {}),
                    at: Date.now(),
                });
                handler(req, res);
            });
            innerServers.set(handler, server);
        }
        return server;
    }

    front.on("connection", track);
    front.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
        let host: string;
        try {
            host = new URL(req.url ?? "").hostname;
        } catch {
            host = req.headers.host ?? "";
        }
        log.push({ host, port: 80, outcome: "refused", at: Date.now() });
        res.writeHead(405, { "content-type": "text/plain", connection: "close" });
        res.end("certdeploy test proxy: only CONNECT to allow-listed hosts is served\n");
    });

    front.on("connect", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
        track(socket);
        const target = parseAuthority(req.url ?? "");
        if (!target || target.port !== 443 || !isAllowedHost(target.host, allowList)) {
            log.push({
                host: target?.host ?? String(req.url),
                port: target?.port ?? 0,
                outcome: "refused",
                at: Date.now(),
            });
            refuse(socket, "403 Forbidden", "certdeploy test proxy: host not in allow-list");
            return;
        }
        const handler = options.route(target.host);
        if (!handler) {
            log.push({ host: target.host, port: target.port, outcome: "unrouted", at: Date.now() });
            refuse(socket, "502 Bad Gateway", `certdeploy test proxy: getaddrinfo ENOTFOUND ${target.host}`);
            return;
        }
        log.push({ host: target.host, port: target.port, outcome: "tunnelled", at: Date.now() });
        options.ca.secureContextFor(target.host).then(
            (secureContext) => {
                if (socket.destroyed) return;
                socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
                if (head.length > 0) socket.unshift(head);
                const tlsSocket = Object.assign(new tls.TLSSocket(socket, { isServer: true, secureContext }), {
                    certdeployTunnelHost: target.host,
                });
                track(tlsSocket);
                innerServerFor(handler).emit("connection", tlsSocket);
            },
            () => refuse(socket, "502 Bad Gateway", "certdeploy test proxy: could not issue a certificate"),
        );
    });

    await new Promise<void>((resolve, reject) => {
        front.once("error", reject);
        front.listen(0, "127.0.0.1", () => resolve());
    });
    const address = front.address();
    if (address === null || typeof address === "string") throw new Error("proxy has no TCP address");
    const port = address.port;

    return {
        url: `http://127.0.0.1:${port}`,
        port,
        connects: () => log.map((r) => ({ ...r })),
        requests: () => forwarded.map((r) => ({ ...r })),
        close: async () => {
            const closed = new Promise<void>((resolve) => front.close(() => resolve()));
            for (const socket of sockets) socket.destroy();
            for (const server of innerServers.values()) server.closeAllConnections();
            front.closeAllConnections();
            await closed;
        },
    };
}
