/**
 * Key Vault certificates data-plane emulator with a test control surface.
 *
 *   const kv = await startKeyVaultEmulator({ vaultName: "prod-vault" });
 *   kv.vaultUrl    // "https://prod-vault.vault.azure.net" (via the CONNECT proxy, see world.ts)
 *   kv.directUrl   // "https://127.0.0.1:41234" (needs disableChallengeResourceVerification)
 *   kv.injectFault({ operation: "import", kind: "internal", afterCalls: 1 });
 *   kv.latest("api-prod")?.x5tHex
 *   await kv.close();
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import { decodeAccessToken, type AccessTokenClaims } from "../identity/access-token";
import { CLOUD_ENDPOINTS, vaultHost, type AzureCloud } from "../tls/host-patterns";
import { createChainedTestCertificate, createTestCa, type TestCa } from "../pki";
import { callsSnapshot, createKeyVaultCallLog, type CallsSnapshot } from "./call-records";
import { PEM_CONTENT_TYPE, PKCS12_CONTENT_TYPE, readPkcs12 } from "./certificate-material";
import { FaultInjector, type FaultSpec } from "./faults";
import { readImportedMaterial } from "./operations";
import { RbacRules } from "./rbac";
import { createRequestHandler, type HandlerContext } from "./request-handler";
import { summarize, type DeletedSummary, type OutOfBandImport, type VersionSummary } from "./summaries";
import { VaultState } from "./vault-state";

export type { FaultKind, FaultSpec, KeyVaultOperation } from "./faults";
export { KEY_VAULT_OPERATIONS } from "./faults";
export { DATA_ACTIONS, OPERATION_ACTIONS } from "./rbac";
export type { KeyVaultDataAction } from "./rbac";
export type { CallRecord, CallsSnapshot } from "./call-records";
export type { ImportWireShape, VersionSource } from "./vault-state";
export type { DeletedSummary, OutOfBandImport, VersionSummary } from "./summaries";

export interface KeyVaultEmulatorOptions {
    /** Vault name (the `<name>` of `https://<name>.vault.azure.net`); default "certdeploy-kv". */
    vaultName?: string;
    cloud?: AzureCloud;
    /** Tenant named in the bearer challenge and required in tokens; default random. */
    tenantId?: string;
    /** Token check; default decodes any JWT-shaped token without checking its signature. */
    verifyToken?: (token: string) => AccessTokenClaims | undefined;
    /** CA for the direct https listener; default a fresh one. */
    ca?: TestCa;
    purgeProtection?: boolean;
    recoverableDays?: number;
    /** Default list page size (Key Vault's maximum is 25). */
    pageSize?: number;
    /** How long a deleted certificate stays invisible to GET /deletedcertificates (deletion in progress). */
    deletionDelayMs?: number;
    /** How long a recovered certificate stays unreadable (recovery in progress; the SDK's poller waits). */
    recoveryDelayMs?: number;
    rejectExpiredImports?: boolean;
    subscriptionId?: string;
    resourceGroup?: string;
    location?: string;
}

export interface KeyVaultEmulator {
    readonly vaultName: string;
    readonly cloud: AzureCloud;
    readonly tenantId: string;
    /** The real-looking vault URL; reachable through the CONNECT proxy (startAzureWorld). */
    readonly vaultUrl: string;
    /** Direct loopback URL; clients need `disableChallengeResourceVerification: true`. */
    readonly directUrl: string;
    /** CA certificate (PEM) the direct listener's certificate chains to. */
    readonly caCertificatePem: string;
    /** Request handler, for mounting behind the CONNECT proxy. */
    readonly handler: http.RequestListener;
    versions(name: string): VersionSummary[];
    latest(name: string): VersionSummary | undefined;
    deleted(name: string): DeletedSummary | undefined;
    certificateNames(): string[];
    denyAction(identity: string, action: string): void;
    allowAction(identity: string, action: string): void;
    clearRbac(): void;
    setPurgeProtection(enabled: boolean): void;
    injectFault(spec: FaultSpec): void;
    clearFaults(): void;
    pendingFaults(): FaultSpec[];
    setLatency(ms: number): void;
    calls(): CallsSnapshot;
    resetCalls(): void;
    /** Another writer imports a version (drift); not logged as a call. */
    importOutOfBand(name: string, input: OutOfBandImport): VersionSummary;
    close(): Promise<void>;
}

export async function startKeyVaultEmulator(options: KeyVaultEmulatorOptions = {}): Promise<KeyVaultEmulator> {
    const vaultName = (options.vaultName ?? "certdeploy-kv").toLowerCase();
    const cloud = options.cloud ?? "public";
    const tenantId = options.tenantId ?? randomUUID();
    const recoverableDays = options.recoverableDays ?? 90;
    const vaultUrl = `https://${vaultHost(vaultName, cloud)}`;
    const state = new VaultState({
        recoverableDays,
        deletionDelayMs: options.deletionDelayMs ?? 0,
        recoveryDelayMs: options.recoveryDelayMs ?? 0,
    });
    const ctx: HandlerContext = {
        state,
        settings: {
            vaultName,
            purgeProtection: options.purgeProtection ?? false,
            recoverableDays,
            pageSize: options.pageSize ?? 25,
            rejectExpiredImports: options.rejectExpiredImports ?? true,
            latencyMs: 0,
            subscriptionId: options.subscriptionId ?? "00000000-0000-0000-0000-000000000000",
            resourceGroup: options.resourceGroup ?? "certdeploy-tests",
            location: options.location ?? "westeurope",
        },
        tenantId,
        cloud,
        faults: new FaultInjector(),
        rbac: new RbacRules(),
        calls: createKeyVaultCallLog(),
        verifyToken: options.verifyToken ?? decodeAccessToken,
        racerMaterial: async () => {
            const racer = await createChainedTestCertificate({ commonName: `racer.${vaultName}.certdeploy.test` });
            const pfx = racer.pfxBase64();
            return {
                material: readPkcs12(pfx),
                secretValue: pfx,
                secretContentType: PKCS12_CONTENT_TYPE,
                tags: {},
                enabled: true,
                source: "racer",
            };
        },
    };
    const handler = createRequestHandler(ctx);
    const ca = options.ca ?? (await createTestCa({ commonName: `${vaultName} direct` }));
    const issued = await ca.issueServerCertificate(["127.0.0.1", "localhost"]);
    const server = https.createServer(
        { cert: `${issued.certificatePem}\n${ca.certificatePem}`, key: issued.privateKeyPem },
        handler,
    );
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("key vault emulator has no TCP address");

    const versionsOf = (name: string): VersionSummary[] => {
        const entry = state.find(name);
        return entry ? entry.versions.map((v) => summarize(vaultUrl, entry.name, v)) : [];
    };

    return {
        vaultName,
        cloud,
        tenantId,
        vaultUrl,
        directUrl: `https://127.0.0.1:${address.port}`,
        caCertificatePem: ca.certificatePem,
        handler,
        versions: versionsOf,
        latest: (name) => versionsOf(name).at(-1),
        deleted: (name) => {
            const d = state.findDeleted(name);
            if (!d) return undefined;
            return {
                name: d.entry.name,
                recoveryId: `${vaultUrl}/deletedcertificates/${d.entry.name}`,
                deletedDate: d.deletedDate,
                scheduledPurgeDate: d.scheduledPurgeDate,
                versions: d.entry.versions.map((v) => summarize(vaultUrl, d.entry.name, v)),
            };
        },
        certificateNames: () => state.entries().map((e) => e.name),
        denyAction: (identity, action) => ctx.rbac.deny(identity, action),
        allowAction: (identity, action) => ctx.rbac.allow(identity, action),
        clearRbac: () => ctx.rbac.clear(),
        setPurgeProtection: (enabled) => {
            ctx.settings.purgeProtection = enabled;
        },
        injectFault: (spec) => ctx.faults.inject(spec),
        clearFaults: () => ctx.faults.clear(),
        pendingFaults: () => ctx.faults.pending(),
        setLatency: (ms) => {
            ctx.settings.latencyMs = Math.max(0, ms);
        },
        calls: () => callsSnapshot(ctx.calls),
        resetCalls: () => ctx.calls.reset(),
        importOutOfBand: (name, input) => {
            const isPem = "pem" in input;
            const value = isPem ? input.pem : input.pfxBase64;
            const material = readImportedMaterial(
                value,
                isPem ? PEM_CONTENT_TYPE : undefined,
                isPem ? undefined : input.password,
            );
            const v = state.addVersion(name, {
                material,
                secretValue: value,
                secretContentType: isPem ? PEM_CONTENT_TYPE : PKCS12_CONTENT_TYPE,
                tags: input.tags ?? {},
                enabled: true,
                source: "outOfBand",
            });
            return summarize(vaultUrl, state.require(name).name, v);
        },
        close: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            }),
    };
}

/** The audience a token for this cloud's Key Vault must carry. */
export function keyVaultResource(cloud: AzureCloud = "public"): string {
    return CLOUD_ENDPOINTS[cloud].vaultResource;
}
