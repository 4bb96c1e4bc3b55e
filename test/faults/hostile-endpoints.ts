/**
 * Hostile endpoints for the secret audit: an ACM endpoint and a Key Vault /
 * Entra token endpoint that echo what they receive back in an error message,
 * in every form a careless proxy or a malicious service could: the raw PEM,
 * its base64 body in 64-column lines without armour, CRLF-plus-space folded
 * lines, colon hex of the DER, the URL-encoded PEM, MIME base64 (76 columns,
 * CRLF) of the PFX, the raw request body, URL-encoded. All on loopback;
 * `close()` stops everything.
 *
 *   const acm = await startEchoingAcm(emulator.endpoint);   // pass-through until…
 *   acm.echoImports = true;                                 // …ImportCertificate lands, but answers 400 with the echo
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { readBody, sendJson } from "../../testing/identity/http-util";
import { startTokenEmulator, type TokenEmulator } from "../../testing/identity/token-emulator";
import { startKeyVaultEmulator, type KeyVaultEmulator } from "../../testing/keyvault";
import { writeCaFile } from "../../testing/tls/ca-file";
import { startConnectProxy, type ConnectProxy } from "../../testing/tls/connect-proxy";
import { AZURE_LOGIN_HOSTS, vaultHost } from "../../testing/tls/host-patterns";
import { createTestCa } from "../../testing/pki";

const lines = (text: string, width: number, separator: string): string =>
    (text.match(new RegExp(`.{1,${width}}`, "g")) ?? []).join(separator);
const colonHex = (bytes: Buffer): string => (bytes.toString("hex").match(/../g) ?? []).join(":").toUpperCase();

/** A PEM text echoed in each form. */
export function echoPem(pem: string): string[] {
    const body = pem
        .split(/\r?\n/)
        .filter((l) => l && !l.startsWith("-----"))
        .join("");
    const der = Buffer.from(body, "base64");
    return [
        pem,
        lines(body, 64, "\n"),
        lines(body, 76, "\r\n "),
        colonHex(der),
        encodeURIComponent(pem),
        lines(Buffer.from(pem).toString("base64"), 76, "\r\n"),
    ];
}

/** Bytes (a PFX) echoed in each form. */
export const echoBytes = (bytes: Buffer): string[] => [
    lines(bytes.toString("base64"), 76, "\r\n"),
    lines(bytes.toString("base64"), 64, "\n"),
    colonHex(bytes),
    encodeURIComponent(bytes.toString("base64")),
];

/** The whole request body echoed as is and URL-encoded. */
export const echoBody = (body: string): string[] => [body, encodeURIComponent(body)];

const echoMessage = (forms: string[]): string => `request rejected; we received: ${forms.join(" | ")}`;

async function listen(server: http.Server): Promise<number> {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
}

const closeServer = (server: http.Server): Promise<void> =>
    new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
    });

export interface EchoingAcm {
    /** The endpoint to give AcmCertificate (`http://127.0.0.1:<port>`). */
    readonly endpoint: string;
    /** When set, ImportCertificate is answered 400 ValidationException with the key and body echoed. */
    echoImports: boolean;
    close(): Promise<void>;
}

/** An ACM endpoint in front of `upstream` (the emulator): pass-through, or an echo of every ImportCertificate. */
export async function startEchoingAcm(upstream: string): Promise<EchoingAcm> {
    const target = new URL(upstream);
    const state = { echoImports: false };
    /** Sends the request on to the emulator; `answer` gets its response. */
    const forward = (
        req: http.IncomingMessage,
        body: string,
        answer: (upstream: http.IncomingMessage) => void,
        fail: () => void,
    ): void => {
        const forwarded = http.request(
            {
                host: target.hostname,
                port: target.port,
                method: req.method,
                path: req.url,
                headers: { ...req.headers, host: target.host },
            },
            answer,
        );
        forwarded.on("error", fail);
        forwarded.end(body);
    };
    const server = http.createServer((req, res) => {
        void readBody(req).then((body) => {
            if (!(state.echoImports && String(req.headers["x-amz-target"] ?? "").endsWith(".ImportCertificate"))) {
                forward(
                    req,
                    body,
                    (upstream) => {
                        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
                        upstream.pipe(res);
                    },
                    () => res.destroy(),
                );
                return;
            }
            // The import lands (so a rollback must re-import the key from state), but the answer is an echo.
            const request = JSON.parse(body) as { PrivateKey?: string };
            const keyPem = Buffer.from(request.PrivateKey ?? "", "base64").toString("utf8");
            const echo = (): void =>
                sendJson(
                    res,
                    400,
                    { __type: "ValidationException", message: echoMessage([...echoPem(keyPem), ...echoBody(body)]) },
                    { "x-amzn-errortype": "ValidationException" },
                );
            forward(req, body, (upstream) => upstream.resume().on("end", echo), echo);
        });
    });
    const port = await listen(server);
    return {
        endpoint: `http://127.0.0.1:${port}`,
        get echoImports() {
            return state.echoImports;
        },
        set echoImports(on: boolean) {
            state.echoImports = on;
        },
        close: () => closeServer(server),
    };
}

export interface EchoingAzure {
    readonly vaultUrl: string;
    readonly keyVault: KeyVaultEmulator;
    readonly tokens: TokenEmulator;
    /** The client secret the token endpoint expects (AZURE_CLIENT_SECRET in env()). */
    readonly clientSecret: string;
    /** PFX passwords seen in import requests (secrets the test must not find anywhere). */
    readonly pfxPasswords: string[];
    /** When set, certificate imports are answered 400 BadParameter with the PFX, its password and the body echoed. */
    echoImports: boolean;
    /** When set, token requests are answered 400 invalid_client with the form body (client secret) echoed. */
    echoTokens: boolean;
    /** client_secret credentials, proxy and CA for the provider host. */
    env(): Record<string, string>;
    close(): Promise<void>;
}

/** Key Vault and Entra behind the CONNECT proxy (as test/emulators/keyvault/world.ts), each able to echo. */
export async function startEchoingAzure(vaultName: string): Promise<EchoingAzure> {
    const ca = await createTestCa();
    const caFile = await writeCaFile(ca.certificatePem);
    const tokens = await startTokenEmulator();
    const kv = await startKeyVaultEmulator({
        vaultName,
        tenantId: tokens.tenantId,
        verifyToken: (t) => tokens.verifyAccessToken(t),
        ca,
    });
    const state = { echoImports: false, echoTokens: false };
    const pfxPasswords: string[] = [];
    const vaultHandler: http.RequestListener = (req, res) => {
        if (!(req.method === "POST" && /\/certificates\/[^/]+\/import/i.test(req.url ?? "")))
            return kv.handler(req, res);
        void readBody(req).then((body) => {
            const request = JSON.parse(body) as { value?: string; pwd?: string; tags?: Record<string, string> };
            if (request.pwd) pfxPasswords.push(request.pwd);
            if (!state.echoImports) {
                // Replay the body we consumed to the emulator.
                const replay = Object.assign(Readable.from([Buffer.from(body)]) as http.IncomingMessage, {
                    method: req.method,
                    url: req.url,
                    headers: req.headers,
                });
                return kv.handler(replay, res);
            }
            // The version lands (so a rollback must re-import the key from state), but the answer is an echo.
            const name = decodeURIComponent(/\/certificates\/([^/]+)\/import/i.exec(req.url ?? "")?.[1] ?? "");
            kv.importOutOfBand(name, {
                pfxBase64: request.value ?? "",
                password: request.pwd ?? "",
                tags: request.tags ?? {},
            });
            const forms = [
                ...echoBytes(Buffer.from(request.value ?? "", "base64")),
                request.pwd ?? "",
                ...echoBody(body),
            ];
            sendJson(res, 400, { error: { code: "BadParameter", message: echoMessage(forms) } });
        });
    };
    const loginHandler: http.RequestListener = (req, res) => {
        if (!(state.echoTokens && req.method === "POST" && /\/oauth2\/v2\.0\/token/i.test(req.url ?? "")))
            return tokens.authorityHandler(req, res);
        void readBody(req).then((body) => {
            const secret = new URLSearchParams(body).get("client_secret") ?? "";
            const forms = [...echoBody(body), secret, Buffer.from(secret).toString("base64")];
            sendJson(res, 400, {
                error: "invalid_client",
                error_description: `AADSTS7000215: Invalid client secret provided. ${echoMessage(forms)}`,
                error_codes: [7000215],
            });
        });
    };
    const loginHosts = new Set<string>(AZURE_LOGIN_HOSTS);
    const host = vaultHost(kv.vaultName, kv.cloud);
    const proxy: ConnectProxy = await startConnectProxy({
        ca,
        route: (h) => (loginHosts.has(h) ? loginHandler : h === host ? vaultHandler : undefined),
    });
    return {
        vaultUrl: kv.vaultUrl,
        keyVault: kv,
        tokens,
        clientSecret: tokens.identities.clientSecret.clientSecret,
        pfxPasswords,
        get echoImports() {
            return state.echoImports;
        },
        set echoImports(on: boolean) {
            state.echoImports = on;
        },
        get echoTokens() {
            return state.echoTokens;
        },
        set echoTokens(on: boolean) {
            state.echoTokens = on;
        },
        env: () => ({
            ...tokens.envFor("client_secret"),
            HTTPS_PROXY: proxy.url,
            NO_PROXY: "127.0.0.1,localhost",
            NODE_EXTRA_CA_CERTS: caFile.path,
        }),
        close: async () => {
            await Promise.all([proxy.close(), kv.close(), tokens.close()]);
            await caFile.remove();
        },
    };
}
