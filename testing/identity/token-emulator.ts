/**
 * Entra ID / managed identity token emulator.
 *
 *   const tokens = await startTokenEmulator();
 *   // mount tokens.authorityHandler behind the CONNECT proxy for login hosts
 *   tokens.envFor("client_secret")
 *   // { AZURE_TENANT_ID: "…", AZURE_CLIENT_ID: "…", AZURE_CLIENT_SECRET: "…" }
 *
 * Three identities exist from the start (one per flow) and each token names
 * its caller by `oid` and `appid`, which the Key Vault emulator uses for RBAC.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type * as http from "node:http";
import { createTokenSigner, type AccessTokenClaims } from "./access-token";
import { createAuthorityHandler, type AuthorityRequestRecord, type CredentialFlow } from "./authority";
import { startManagedIdentityEndpoint } from "./managed-identity-endpoint";

export type CredentialMode = "default" | "managed_identity" | "client_secret" | "workload_identity";

export interface AppIdentity {
    clientId: string;
    objectId: string;
}

export interface IssuedTokenRecord {
    flow: CredentialFlow;
    clientId: string;
    objectId: string;
    tenantId: string;
    audience: string;
    /** Login host for authority flows, "127.0.0.1" for managed identity. */
    host: string;
    issuedAt: number;
    expiresAt: number;
}

export interface TokenEmulatorOptions {
    tenantId?: string;
    /** Lifetime of issued tokens; default 3600 s. */
    tokenLifetimeSeconds?: number;
    clientSecretApp?: Partial<AppIdentity & { clientSecret: string }>;
    workloadApp?: Partial<AppIdentity>;
    /** The system-assigned managed identity. */
    managedIdentity?: Partial<AppIdentity>;
    /** User-assigned identities, selectable with `client_id` / `object_id` / `mi_res_id`. */
    userAssignedIdentities?: (AppIdentity & { resourceId?: string })[];
}

export interface EnvForOptions {
    /** For mode "default": which credential in DefaultAzureCredential's chain should succeed. */
    defaultVia?: Exclude<CredentialMode, "default">;
    /** Also set AZURE_AUTHORITY_HOST (the AKS workload identity webhook does). */
    authorityHost?: string;
}

export interface TokenEmulator {
    readonly tenantId: string;
    readonly identities: {
        clientSecret: AppIdentity & { clientSecret: string };
        workload: AppIdentity & { federatedTokenFile: string };
        managedIdentity: AppIdentity;
        userAssigned: (AppIdentity & { resourceId?: string })[];
    };
    /** Serves login.microsoftonline.com (and sovereign login hosts): mount it behind the proxy. */
    readonly authorityHandler: http.RequestListener;
    /** App Service style IDENTITY_ENDPOINT (http, loopback). */
    readonly managedIdentityEndpoint: string;
    readonly managedIdentityHeader: string;
    /** Identity variables for one credential mode (no proxy/CA variables: see startAzureWorld). */
    envFor(mode: CredentialMode, options?: EnvForOptions): Record<string, string>;
    /** A valid token for `who`, minted without any flow (tests calling Key Vault in-process); not in issued(). */
    mintAccessToken(who: AppIdentity, audience?: string, lifetimeSeconds?: number): string;
    /** Claims of a token this emulator issued (signature checked), else undefined. */
    verifyAccessToken(token: string): AccessTokenClaims | undefined;
    issued(): IssuedTokenRecord[];
    requests(): AuthorityRequestRecord[];
    flowsUsed(): CredentialFlow[];
    /** The next `times` token requests of `flow` fail as Entra would (invalid_client / 500 for MSI). */
    injectFailure(flow: CredentialFlow, times?: number): void;
    close(): Promise<void>;
}

function identity(partial: Partial<AppIdentity> | undefined): AppIdentity {
    return { clientId: partial?.clientId ?? randomUUID(), objectId: partial?.objectId ?? randomUUID() };
}

function federatedToken(): string {
    const enc = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const claims = {
        aud: ["api://AzureADTokenExchange"],
        iss: "https://oidc.certdeploy.invalid/",
        sub: "system:serviceaccount:certdeploy:provider",
        iat: now,
        exp: now + 86_400,
    };
    return `${enc({ alg: "RS256", typ: "JWT" })}.${enc(claims)}.${randomBytes(32).toString("base64url")}`;
}

export async function startTokenEmulator(options: TokenEmulatorOptions = {}): Promise<TokenEmulator> {
    const tenantId = options.tenantId ?? randomUUID();
    const lifetime = options.tokenLifetimeSeconds ?? 3600;
    const signer = createTokenSigner();
    const clientSecret = {
        ...identity(options.clientSecretApp),
        clientSecret: options.clientSecretApp?.clientSecret ?? `cds~${randomBytes(24).toString("base64url")}`,
    };
    const tempDir = await mkdtemp(path.join(tmpdir(), "certdeploy-wi-"));
    const federatedTokenFile = path.join(tempDir, "azure-identity-token");
    const assertion = federatedToken();
    await writeFile(federatedTokenFile, assertion, { mode: 0o600 });
    const workload = { ...identity(options.workloadApp), federatedTokenFile };
    const managedIdentity = identity(options.managedIdentity);
    const userAssigned = options.userAssignedIdentities ?? [];
    const issuedLog: IssuedTokenRecord[] = [];
    const requestLog: AuthorityRequestRecord[] = [];
    const failures = new Map<CredentialFlow, number>();
    const identityHeader = randomBytes(16).toString("hex");

    function takeInjectedFailure(flow: CredentialFlow): boolean {
        const left = failures.get(flow) ?? 0;
        if (left <= 0) return false;
        failures.set(flow, left - 1);
        return true;
    }

    function sign(flow: string, who: AppIdentity, resource: string, exp: number): string {
        const now = Math.floor(Date.now() / 1000);
        return signer.sign({
            aud: resource,
            iss: `https://sts.windows.net/${tenantId}/`,
            iat: now,
            nbf: now,
            exp,
            tid: tenantId,
            oid: who.objectId,
            sub: who.objectId,
            appid: who.clientId,
            idtyp: "app",
            ver: "1.0",
            uti: randomBytes(12).toString("base64url"),
            xms_certdeploy_flow: flow,
        });
    }

    function issue(
        flow: CredentialFlow,
        who: AppIdentity,
        resource: string,
        host: string,
    ): { token: string; exp: number } {
        const now = Math.floor(Date.now() / 1000);
        const exp = now + lifetime;
        const token = sign(flow, who, resource, exp);
        issuedLog.push({
            flow,
            clientId: who.clientId,
            objectId: who.objectId,
            tenantId,
            audience: resource,
            host,
            issuedAt: now,
            expiresAt: exp,
        });
        return { token, exp };
    }

    const authorityHandler = createAuthorityHandler({
        tenantId,
        authenticateSecret: (clientId, secret) => {
            if (clientId !== clientSecret.clientId) return "unknown_client";
            return secret === clientSecret.clientSecret ? { objectId: clientSecret.objectId } : "bad_secret";
        },
        authenticateAssertion: (clientId, presented) => {
            if (clientId !== workload.clientId) return "unknown_client";
            return presented.trim() === assertion ? { objectId: workload.objectId } : "bad_assertion";
        },
        takeInjectedFailure,
        issue: (flow, clientId, objectId, resource, host) => {
            const { token } = issue(flow, { clientId, objectId }, resource, host);
            return { token, expiresIn: lifetime };
        },
        record: (entry) => requestLog.push(entry),
    });

    const msi = await startManagedIdentityEndpoint({
        identityHeader,
        resolve: (query) => {
            const clientId = query.get("client_id");
            const objectId = query.get("object_id") ?? query.get("principal_id");
            const resourceId = query.get("mi_res_id");
            if (!clientId && !objectId && !resourceId) return managedIdentity;
            return userAssigned.find(
                (u) =>
                    (clientId !== null && u.clientId === clientId) ||
                    (objectId !== null && u.objectId === objectId) ||
                    (resourceId !== null && u.resourceId === resourceId),
            );
        },
        takeInjectedFailure: () => takeInjectedFailure("managed_identity"),
        issue: (clientId, objectId, resource) => {
            const { token, exp } = issue("managed_identity", { clientId, objectId }, resource, "127.0.0.1");
            return { token, expiresOn: exp };
        },
        record: (entry) => requestLog.push(entry),
    });

    function envFor(mode: CredentialMode, envOptions: EnvForOptions = {}): Record<string, string> {
        const extra: Record<string, string> = envOptions.authorityHost
            ? { AZURE_AUTHORITY_HOST: envOptions.authorityHost }
            : {};
        switch (mode) {
            case "client_secret":
                return {
                    AZURE_TENANT_ID: tenantId,
                    AZURE_CLIENT_ID: clientSecret.clientId,
                    AZURE_CLIENT_SECRET: clientSecret.clientSecret,
                    ...extra,
                };
            case "workload_identity":
                return {
                    AZURE_TENANT_ID: tenantId,
                    AZURE_CLIENT_ID: workload.clientId,
                    AZURE_FEDERATED_TOKEN_FILE: federatedTokenFile,
                    ...extra,
                };
            case "managed_identity":
                return { IDENTITY_ENDPOINT: msi.url, IDENTITY_HEADER: identityHeader };
            case "default":
                return envFor(envOptions.defaultVia ?? "client_secret", envOptions);
        }
    }

    return {
        tenantId,
        identities: { clientSecret, workload, managedIdentity, userAssigned },
        authorityHandler,
        managedIdentityEndpoint: msi.url,
        managedIdentityHeader: identityHeader,
        envFor,
        mintAccessToken: (who, audience = "https://vault.azure.net", lifetimeSeconds = lifetime) =>
            sign("minted", who, audience, Math.floor(Date.now() / 1000) + lifetimeSeconds),
        verifyAccessToken: (token) => signer.verify(token),
        issued: () => issuedLog.map((r) => ({ ...r })),
        requests: () => requestLog.map((r) => ({ ...r })),
        flowsUsed: () => [...new Set(issuedLog.map((r) => r.flow))],
        injectFailure: (flow, times = 1) => failures.set(flow, (failures.get(flow) ?? 0) + times),
        close: async () => {
            await msi.close();
            await rm(tempDir, { recursive: true, force: true });
        },
    };
}
