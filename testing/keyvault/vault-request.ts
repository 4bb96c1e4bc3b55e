/**
 * Raw REST calls to an emulated vault from the test process, through the
 * world's proxy with a minted token: for what the SDK cannot send (a PEM
 * import with its policy) and for timing-sensitive checks.
 *
 *   const res = await vaultRequest(world, "GET", "/secrets/api/");
 */
import type { AppIdentity } from "../identity/token-emulator";
import { httpsRequest, type HttpsResponse } from "../tls/https-request";
import type { AzureWorld } from "./world";

export interface VaultRequestOptions {
    body?: unknown;
    /** Caller identity; default the client-secret app. */
    as?: AppIdentity;
    /** Send no Authorization header (to see the challenge). */
    anonymous?: boolean;
    vaultName?: string;
}

export function vaultRequest(
    world: AzureWorld,
    method: string,
    path: string,
    options: VaultRequestOptions = {},
): Promise<HttpsResponse> {
    const who = options.as ?? world.tokens.identities.clientSecret;
    const base = options.vaultName ? world.vault(options.vaultName) : world.vaultUrl;
    const separator = path.includes("?") ? "&" : "?";
    return httpsRequest(`${base}${path}${separator}api-version=7.5`, {
        method,
        ca: world.caCertificatePem,
        proxyUrl: world.proxy.url,
        headers: options.anonymous ? {} : { authorization: `Bearer ${world.tokens.mintAccessToken(who)}` },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
}
