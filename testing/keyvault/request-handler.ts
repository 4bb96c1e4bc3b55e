/**
 * HTTP front of the Key Vault emulator: bearer challenge, token checks,
 * injected faults, RBAC, then the operation. One handler serves both the
 * direct loopback listener and the proxied `https://<vault>.vault.azure.net`.
 */
import type * as http from "node:http";
import type { AccessTokenClaims } from "../identity/access-token";
import { readBody, requestHost, sendJson } from "../identity/http-util";
import { CLOUD_ENDPOINTS, type AzureCloud } from "../tls/host-patterns";
import type { CallRecord, KeyVaultCallLog } from "./call-records";
import { badParameter, forbiddenByRbac, KeyVaultHttpError, unauthorized } from "./errors";
import type { FaultInjector, FaultSpec } from "./faults";
import { describeImportBody, runOperation, type OperationContext, type OperationSettings } from "./operations";
import { OPERATION_ACTIONS, type Caller, type RbacRules } from "./rbac";
import { matchRoute, type Route } from "./routes";
import type { NewVersion, VaultState } from "./vault-state";

/** Key Vault's first-party application id, accepted as an audience too. */
const KEY_VAULT_APP_ID = "cfa8b339-82a2-471a-a3c9-0fc0be7a4093";
const NAME_PATTERN = /^[0-9a-zA-Z-]{1,127}$/;

export interface HandlerContext {
    state: VaultState;
    settings: OperationSettings & {
        latencyMs: number;
        subscriptionId: string;
        resourceGroup: string;
        location: string;
    };
    tenantId: string;
    /** Cloud of this vault: decides the challenge's authority and resource. */
    cloud: AzureCloud;
    faults: FaultInjector;
    rbac: RbacRules;
    calls: KeyVaultCallLog;
    verifyToken: (token: string) => AccessTokenClaims | undefined;
    racerMaterial: () => Promise<NewVersion>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * 401 + bearer challenge, as the service answers a request without a token.
 * https://learn.microsoft.com/azure/key-vault/general/authentication-requests-and-responses#authentication
 */
function challengeHeaders(ctx: HandlerContext): Record<string, string> {
    const cloud = CLOUD_ENDPOINTS[ctx.cloud];
    return {
        "www-authenticate": `Bearer authorization="https://${cloud.loginHost}/${ctx.tenantId}", resource="${cloud.vaultResource}"`,
    };
}

function checkToken(ctx: HandlerContext, header: string | undefined): AccessTokenClaims {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
    if (!token) throw unauthorized("AKV10000: Request is missing a Bearer or PoP token.");
    const claims = ctx.verifyToken(token);
    if (!claims)
        throw unauthorized("AKV10000: Request is missing a Bearer or PoP token (the token could not be validated).");
    const resource = CLOUD_ENDPOINTS[ctx.cloud].vaultResource;
    if (![resource, `${resource}/`, KEY_VAULT_APP_ID].includes(claims.aud)) {
        throw unauthorized(`AKV10022: Invalid audience. Expected ${resource}, found: ${claims.aud}.`);
    }
    if (claims.tid !== ctx.tenantId) {
        throw unauthorized(
            `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${ctx.tenantId}/, found: ${claims.iss}.`,
        );
    }
    if (claims.exp * 1000 < Date.now()) throw unauthorized("AKV10000: The access token has expired.");
    return claims;
}

/** Injected terminal faults other than ackNotLatest/reset become errors here. */
function faultError(
    ctx: HandlerContext,
    fault: FaultSpec,
    caller: Caller,
    route: Route,
): KeyVaultHttpError | undefined {
    switch (fault.kind) {
        case "throttle":
            // https://learn.microsoft.com/azure/key-vault/general/overview-throttling
            return new KeyVaultHttpError(
                429,
                "Throttled",
                "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached",
                undefined,
                {
                    "retry-after": String(fault.retryAfterSeconds ?? 1),
                },
            );
        case "internal":
            return new KeyVaultHttpError(500, "InternalServerError", "An unexpected error occurred (injected).");
        case "forbidden":
            return rbacError(ctx, caller, route);
        default:
            return undefined;
    }
}

function rbacError(ctx: HandlerContext, caller: Caller, route: Route): KeyVaultHttpError {
    const s = ctx.settings;
    const objectPath = route.operation === "getSecret" ? "secrets" : "certificates";
    return forbiddenByRbac({
        caller,
        action: OPERATION_ACTIONS[route.operation],
        resource: `/subscriptions/${s.subscriptionId}/resourcegroups/${s.resourceGroup}/providers/microsoft.keyvault/vaults/${s.vaultName}${route.name ? `/${objectPath}/${route.name.toLowerCase()}` : ""}`,
        vaultName: s.vaultName,
        location: s.location,
    });
}

export function createRequestHandler(ctx: HandlerContext): http.RequestListener {
    async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const host = requestHost(req);
        const url = new URL(req.url ?? "/", `https://${req.headers.host ?? host}`);
        const raw = await readBody(req);
        const route = matchRoute(req.method ?? "GET", url.pathname);
        const record: Omit<CallRecord, "seq" | "at"> = {
            operation: route?.operation,
            method: req.method ?? "",
            path: url.pathname,
            host,
            apiVersion: url.searchParams.get("api-version") ?? undefined,
            name: route?.name,
            version: route?.version || undefined,
            status: 0,
            challenged: false,
            wire: route?.operation === "import" ? describeImportBody(raw) : undefined,
        };
        const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
            record.status = status;
            ctx.calls.record(record);
            if (status === 204) {
                res.writeHead(204, headers);
                res.end();
            } else {
                sendJson(res, status, body, headers);
            }
        };
        const sendError = (e: KeyVaultHttpError, headers: Record<string, string> = {}): void => {
            record.errorCode = e.code;
            record.innerErrorCode = e.innerCode;
            send(e.status, e.body(), { ...headers, ...e.headers });
        };

        if (ctx.settings.latencyMs > 0) await sleep(ctx.settings.latencyMs);
        let claims: AccessTokenClaims;
        try {
            claims = checkToken(ctx, req.headers.authorization);
        } catch (e) {
            record.challenged = !req.headers.authorization;
            sendError(e as KeyVaultHttpError, challengeHeaders(ctx));
            return;
        }
        const caller: Caller = { oid: claims.oid, appid: claims.appid, tid: claims.tid };
        record.caller = { oid: claims.oid, appid: claims.appid, tid: claims.tid };
        if (!route) {
            sendError(new KeyVaultHttpError(404, "NotFound", `No operation matches ${req.method} ${url.pathname}.`));
            return;
        }
        ctx.calls.count(route.operation);
        const decision = ctx.faults.decide(route.operation);
        if (decision.delayMs > 0) await sleep(decision.delayMs);
        record.fault = decision.fault?.kind;
        if (decision.fault?.kind === "reset") {
            ctx.calls.record(record);
            req.socket.destroy();
            return;
        }
        try {
            // Any version is served (the SDK 4.10.3 sends 2025-07-01), but one must be given.
            if (!record.apiVersion)
                throw badParameter("The request URI contains an invalid or missing api-version query parameter.");
            if (route.name !== undefined && !NAME_PATTERN.test(route.name)) {
                throw badParameter(
                    `The certificate name '${route.name}' is invalid: it must be 1-127 characters of 0-9, a-z, A-Z and -.`,
                );
            }
            const injected = decision.fault ? faultError(ctx, decision.fault, caller, route) : undefined;
            if (injected) throw injected;
            if (ctx.rbac.isDenied(caller, OPERATION_ACTIONS[route.operation])) throw rbacError(ctx, caller, route);
            const opContext: OperationContext = {
                state: ctx.state,
                settings: ctx.settings,
                base: `https://${req.headers.host ?? host}`,
                apiVersion: record.apiVersion ?? "7.5",
                racerMaterial: ctx.racerMaterial,
            };
            const result = await runOperation(opContext, route, url.searchParams, raw, {
                ackNotLatest: decision.fault?.kind === "ackNotLatest",
                staleRead: decision.fault?.kind === "staleRead",
            });
            send(result.status, result.body);
        } catch (e) {
            if (KeyVaultHttpError.isInstance(e)) sendError(e);
            else
                sendError(new KeyVaultHttpError(500, "InternalServerError", `Emulator error: ${(e as Error).message}`));
        }
    }

    return (req, res) => {
        handle(req, res).catch(() => {
            if (!res.headersSent)
                sendJson(res, 500, { error: { code: "InternalServerError", message: "Emulator failure." } });
            else res.destroy();
        });
    };
}
