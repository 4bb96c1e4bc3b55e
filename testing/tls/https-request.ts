/**
 * In-process HTTPS client for tests: trusts an explicit CA (no
 * NODE_EXTRA_CA_CERTS needed) and optionally tunnels through the CONNECT
 * proxy, the way HttpsProxyAgent does.
 *
 *   const res = await httpsRequest("https://login.microsoftonline.com/common/discovery/instance",
 *       { ca: world.caCertificatePem, proxyUrl: world.proxy.url });
 *   res.status; res.json();
 */
import * as http from "node:http";
import * as https from "node:https";
import { isIP, type Socket } from "node:net";
import * as tls from "node:tls";

export interface HttpsRequestOptions {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** PEM of the CA to trust (replaces the default store for this request). */
    ca: string;
    /** `http://127.0.0.1:<port>`: tunnel with CONNECT instead of connecting directly. */
    proxyUrl?: string;
    timeoutMs?: number;
}

export interface HttpsResponse {
    status: number;
    headers: http.IncomingHttpHeaders;
    text: string;
    json<T = unknown>(): T;
}

/** Open a CONNECT tunnel; rejects with the proxy's status line when it refuses. */
export function connectTunnel(proxyUrl: string, host: string, port: number): Promise<Socket> {
    const proxy = new URL(proxyUrl);
    return new Promise((resolve, reject) => {
        const req = http.request({
            host: proxy.hostname,
            port: Number(proxy.port),
            method: "CONNECT",
            path: `${host}:${port}`,
        });
        req.once("connect", (res, socket) => {
            if (res.statusCode === 200) resolve(socket);
            else {
                socket.destroy();
                reject(new Error(`proxy refused CONNECT ${host}:${port}: ${res.statusCode}`));
            }
        });
        req.once("error", reject);
        req.end();
    });
}

export async function httpsRequest(url: string, options: HttpsRequestOptions): Promise<HttpsResponse> {
    const target = new URL(url);
    const port = Number(target.port || 443);
    const tunnel = options.proxyUrl ? await connectTunnel(options.proxyUrl, target.hostname, port) : undefined;
    return new Promise((resolve, reject) => {
        const req = https.request(
            {
                host: target.hostname,
                port,
                defaultPort: 443,
                path: `${target.pathname}${target.search}`,
                method: options.method ?? "GET",
                headers: {
                    ...(options.body !== undefined
                        ? {
                              "content-type": "application/json",
                              "content-length": String(Buffer.byteLength(options.body)),
                          }
                        : {}),
                    ...options.headers,
                },
                ca: options.ca,
                servername: isIP(target.hostname) ? undefined : target.hostname,
                // With createConnection and no agent, Node uses our tunnelled socket.
                ...(tunnel
                    ? {
                          createConnection: () =>
                              tls.connect({ socket: tunnel, servername: target.hostname, ca: options.ca }),
                      }
                    : { agent: false }),
            },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    resolve({
                        status: res.statusCode ?? 0,
                        headers: res.headers,
                        text,
                        json: <T>() => JSON.parse(text) as T,
                    });
                });
                res.on("error", reject);
            },
        );
        req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`request to ${url} timed out`)));
        req.on("error", reject);
        req.end(options.body);
    });
}
