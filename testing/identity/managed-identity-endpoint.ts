/**
 * The App Service managed-identity endpoint (IDENTITY_ENDPOINT +
 * IDENTITY_HEADER), plain http on loopback as App Service serves it:
 *
 *   GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=https://vault.azure.net[&client_id=…]
 *   X-IDENTITY-HEADER: {IDENTITY_HEADER}
 *   -> { access_token, expires_on, resource, token_type, client_id }
 *
 * https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference
 */
import * as http from "node:http";
import { sendJson } from "./http-util";
import type { AuthorityRequestRecord } from "./authority";

export interface ManagedIdentityBackend {
    identityHeader: string;
    /** Resolve the identity a request names (none: system-assigned); undefined if unknown. */
    resolve(query: URLSearchParams): { clientId: string; objectId: string } | undefined;
    takeInjectedFailure(): boolean;
    issue(clientId: string, objectId: string, resource: string): { token: string; expiresOn: number };
    record(entry: AuthorityRequestRecord): void;
}

export const MANAGED_IDENTITY_PATH = "/msi/token";

export async function startManagedIdentityEndpoint(
    backend: ManagedIdentityBackend,
): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        res.on("finish", () =>
            backend.record({
                host: "127.0.0.1",
                method: req.method ?? "",
                path: url.pathname,
                endpoint: "token",
                status: res.statusCode,
                at: Date.now(),
            }),
        );
        if (req.method !== "GET" || url.pathname !== MANAGED_IDENTITY_PATH) {
            sendJson(res, 404, { error: "not_found", error_description: "Unknown managed identity path." });
            return;
        }
        if (req.headers["x-identity-header"] !== backend.identityHeader) {
            sendJson(res, 401, { error: "unauthorized", error_description: "Missing or wrong X-IDENTITY-HEADER." });
            return;
        }
        const resource = url.searchParams.get("resource");
        if (!resource) {
            sendJson(res, 400, {
                error: "invalid_request",
                error_description: "Required query parameter 'resource' is missing.",
            });
            return;
        }
        if (backend.takeInjectedFailure()) {
            sendJson(res, 500, {
                error: "service_unavailable",
                error_description: "Injected managed identity failure.",
            });
            return;
        }
        const identity = backend.resolve(url.searchParams);
        if (!identity) {
            sendJson(res, 400, {
                error: "invalid_request",
                error_description: "No managed identity matches the requested id.",
            });
            return;
        }
        const { token, expiresOn } = backend.issue(identity.clientId, identity.objectId, resource);
        sendJson(res, 200, {
            access_token: token,
            expires_on: String(expiresOn),
            resource,
            token_type: "Bearer",
            client_id: identity.clientId,
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === "string")
        throw new Error("managed identity endpoint has no TCP address");
    return {
        url: `http://127.0.0.1:${address.port}${MANAGED_IDENTITY_PATH}`,
        close: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            }),
    };
}
