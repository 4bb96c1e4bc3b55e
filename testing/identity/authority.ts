/**
 * The Entra ID authority endpoints MSAL talks to, served for whatever login
 * host the request arrived on (login.microsoftonline.com and the sovereign
 * hosts, all reached through the CONNECT proxy):
 *
 *   GET  /common/discovery/instance                    instance discovery
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration
 *   POST /{tenant}/oauth2/v2.0/token                   client_credentials grant
 *
 * https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#get-a-token
 */
import { randomUUID } from "node:crypto";
import type * as http from "node:http";
import { CLOUD_ENDPOINTS, type AzureCloud } from "../tls/host-patterns";
import { readBody, requestHost, sendJson } from "./http-util";

export type CredentialFlow = "client_secret" | "client_assertion" | "managed_identity";

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export interface AuthorityRequestRecord {
    host: string;
    method: string;
    /** Path without query string. */
    path: string;
    endpoint: "instance_discovery" | "openid_configuration" | "token" | "unknown";
    status: number;
    at: number;
}

/** What the authority needs from the token emulator that owns it. */
export interface AuthorityBackend {
    tenantId: string;
    /** The caller's object id, or why the credential was refused. */
    authenticateSecret(clientId: string, secret: string): "unknown_client" | "bad_secret" | { objectId: string };
    authenticateAssertion(
        clientId: string,
        assertion: string,
    ): "unknown_client" | "bad_assertion" | { objectId: string };
    /** Consumes one injected failure for the flow, if any. */
    takeInjectedFailure(flow: CredentialFlow): boolean;
    issue(
        flow: CredentialFlow,
        clientId: string,
        objectId: string,
        resource: string,
        host: string,
    ): {
        token: string;
        expiresIn: number;
    };
    record(entry: AuthorityRequestRecord): void;
}

function aadError(res: http.ServerResponse, status: number, error: string, code: number, description: string): void {
    sendJson(res, status, {
        error,
        error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
        error_codes: [code],
        timestamp: new Date().toISOString(),
        trace_id: randomUUID(),
        correlation_id: randomUUID(),
        error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    });
}

function openIdConfiguration(host: string, tenant: string): Record<string, unknown> {
    const base = `https://${host}/${tenant}`;
    return {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        jwks_uri: `https://${host}/${tenant}/discovery/v2.0/keys`,
        response_modes_supported: ["query", "fragment", "form_post"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        scopes_supported: ["openid", "profile", "email", "offline_access"],
        issuer: `${base}/v2.0`,
        request_uri_parameter_supported: false,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        claims_supported: ["sub", "iss", "aud", "exp", "iat", "tid", "oid"],
        tenant_region_scope: "NA",
        cloud_instance_name: host.replace(/^login\./, ""),
        cloud_graph_host_name: "graph.windows.net",
        msgraph_host: "graph.microsoft.com",
    };
}

/** "https://vault.azure.net/.default" -> "https://vault.azure.net" (the token's aud). */
function resourceFromScope(scope: string): string | undefined {
    const first = scope.split(" ").find((s) => s.endsWith("/.default"));
    return first ? first.slice(0, -"/.default".length) : undefined;
}

const CLOUDS = Object.entries(CLOUD_ENDPOINTS) as [AzureCloud, (typeof CLOUD_ENDPOINTS)[AzureCloud]][];
const cloudOfLoginHost = (host: string): AzureCloud | undefined =>
    CLOUDS.find(([, c]) => c.loginNetworkHosts.includes(host.toLowerCase()))?.[0];
const cloudOfResource = (resource: string): AzureCloud | undefined =>
    CLOUDS.find(([, c]) => c.vaultResource === resource.replace(/\/+$/, "").toLowerCase())?.[0];

/**
 * Each national cloud is a separate Entra ID instance: Key Vault of one cloud is not a resource
 * principal in another's directory, so the token request fails with AADSTS500011.
 * https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud
 * https://learn.microsoft.com/troubleshoot/entra/entra-id/app-integration/error-code-aadsts500011-resource-principal-not-found
 */
function resourceOfAnotherCloud(resource: string, host: string): boolean {
    const resourceCloud = cloudOfResource(resource);
    const authorityCloud = cloudOfLoginHost(host);
    return resourceCloud !== undefined && authorityCloud !== undefined && resourceCloud !== authorityCloud;
}

async function handleToken(
    backend: AuthorityBackend,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    host: string,
): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const clientId = form.get("client_id") ?? "";
    if (form.get("grant_type") !== "client_credentials") {
        aadError(res, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
        return;
    }
    const resource = resourceFromScope(form.get("scope") ?? "");
    if (!resource) {
        aadError(
            res,
            400,
            "invalid_scope",
            1002012,
            "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
        );
        return;
    }
    if (resourceOfAnotherCloud(resource, host)) {
        aadError(
            res,
            400,
            "invalid_resource",
            500011,
            `The resource principal named ${resource} was not found in the tenant named ${backend.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
        );
        return;
    }
    const assertion = form.get("client_assertion");
    const flow: CredentialFlow = assertion !== null ? "client_assertion" : "client_secret";
    if (backend.takeInjectedFailure(flow)) {
        aadError(
            res,
            401,
            "invalid_client",
            7000222,
            "The provided client secret keys are expired (injected failure).",
        );
        return;
    }
    let outcome: ReturnType<AuthorityBackend["authenticateSecret"]>;
    if (flow === "client_assertion") {
        if (form.get("client_assertion_type") !== CLIENT_ASSERTION_TYPE) {
            aadError(res, 400, "invalid_request", 50027, "Invalid client_assertion_type.");
            return;
        }
        const result = backend.authenticateAssertion(clientId, assertion ?? "");
        if (result === "bad_assertion") {
            aadError(
                res,
                400,
                "invalid_client",
                70021,
                "No matching federated identity record found for presented assertion.",
            );
            return;
        }
        outcome = result;
    } else {
        outcome = backend.authenticateSecret(clientId, form.get("client_secret") ?? "");
    }
    if (outcome === "unknown_client") {
        aadError(
            res,
            400,
            "unauthorized_client",
            700016,
            `Application with identifier '${clientId}' was not found in the directory '${backend.tenantId}'.`,
        );
        return;
    }
    if (outcome === "bad_secret") {
        aadError(
            res,
            401,
            "invalid_client",
            7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
        );
        return;
    }
    const { token, expiresIn } = backend.issue(flow, clientId, outcome.objectId, resource, host);
    sendJson(res, 200, { token_type: "Bearer", expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token });
}

export function createAuthorityHandler(backend: AuthorityBackend): http.RequestListener {
    return (req, res) => {
        const host = requestHost(req);
        const url = new URL(req.url ?? "/", `https://${host}`);
        const segments = url.pathname.split("/").filter(Boolean);
        const tenant = segments[0] ?? "";
        let endpoint: AuthorityRequestRecord["endpoint"] = "unknown";
        res.on("finish", () =>
            backend.record({
                host,
                method: req.method ?? "",
                path: url.pathname,
                endpoint,
                status: res.statusCode,
                at: Date.now(),
            }),
        );
        const knownTenant = tenant === backend.tenantId || tenant === "common" || tenant === "organizations";

        if (req.method === "GET" && url.pathname === "/common/discovery/instance") {
            endpoint = "instance_discovery";
            sendJson(res, 200, {
                tenant_discovery_endpoint: `https://${host}/${backend.tenantId}/v2.0/.well-known/openid-configuration`,
                "api-version": "1.1",
                metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
            });
            return;
        }
        if (req.method === "GET" && segments.slice(1).join("/") === "v2.0/.well-known/openid-configuration") {
            endpoint = "openid_configuration";
            if (!knownTenant) {
                aadError(res, 400, "invalid_tenant", 90002, `Tenant '${tenant}' not found.`);
                return;
            }
            sendJson(res, 200, openIdConfiguration(host, tenant === backend.tenantId ? tenant : "{tenantid}"));
            return;
        }
        if (req.method === "POST" && segments.slice(1).join("/") === "oauth2/v2.0/token") {
            endpoint = "token";
            if (tenant !== backend.tenantId) {
                aadError(res, 400, "invalid_request", 90002, `Tenant '${tenant}' not found.`);
                return;
            }
            handleToken(backend, req, res, host).catch(() => {
                if (!res.headersSent) aadError(res, 500, "server_error", 90033, "A transient error has occurred.");
            });
            return;
        }
        aadError(res, 404, "invalid_request", 90100, `Unknown endpoint ${req.method} ${url.pathname}.`);
    };
}
