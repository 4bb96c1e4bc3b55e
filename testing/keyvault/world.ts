/**
 * Everything an Azure end-to-end test needs, started together:
 * test CA -> CONNECT proxy -> Key Vault emulator(s) + token emulator.
 *
 *   const world = await startAzureWorld({ vaults: ["prod-vault"] });
 *   spawn(process.execPath, [script], { env: world.childEnv("managed_identity") });
 *   // the child's unmodified SDK reaches https://prod-vault.vault.azure.net and
 *   // login.microsoftonline.com through HTTPS_PROXY, trusting NODE_EXTRA_CA_CERTS
 *   world.keyVault.latest("api-prod");
 *   await world.close();
 */
import type * as http from "node:http";
import {
    startTokenEmulator,
    type CredentialMode,
    type EnvForOptions,
    type TokenEmulator,
    type TokenEmulatorOptions,
} from "../identity/token-emulator";
import { writeCaFile } from "../tls/ca-file";
import { startConnectProxy, type ConnectProxy } from "../tls/connect-proxy";
import { AZURE_LOGIN_HOSTS, vaultHost, type AzureCloud } from "../tls/host-patterns";
import { createTestCa } from "../pki";
import { startKeyVaultEmulator, type KeyVaultEmulator, type KeyVaultEmulatorOptions } from "./index";

export type VaultSpec = string | { name: string; cloud?: AzureCloud };

export interface AzureWorldOptions {
    /** Vaults to serve; default one vault named "certdeploy-kv" in the public cloud. */
    vaults?: VaultSpec[];
    tenantId?: string;
    /** Options applied to every vault. */
    keyVault?: Omit<KeyVaultEmulatorOptions, "vaultName" | "cloud" | "tenantId" | "verifyToken" | "ca">;
    tokens?: Omit<TokenEmulatorOptions, "tenantId">;
    /** Host patterns the proxy may intercept; default the Azure vault and login hosts. */
    allowList?: readonly string[];
}

export interface AzureWorld {
    readonly tenantId: string;
    /** URL of the first vault, e.g. "https://certdeploy-kv.vault.azure.net". */
    readonly vaultUrl: string;
    /** Control of the first vault. */
    readonly keyVault: KeyVaultEmulator;
    readonly tokens: TokenEmulator;
    readonly proxy: ConnectProxy;
    readonly caCertificatePem: string;
    /** Path of the CA certificate file (NODE_EXTRA_CA_CERTS); removed by close(). */
    readonly caFile: string;
    /** URL of a served vault (default: the first). */
    vault(name?: string): string;
    keyVaultFor(name: string): KeyVaultEmulator;
    /** Identity variables for `mode` plus HTTPS_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS. */
    env(mode: CredentialMode, options?: EnvForOptions): Record<string, string>;
    /** `base` (default process.env) without Azure/proxy variables, plus env(mode): for spawning. */
    childEnv(mode: CredentialMode, options?: EnvForOptions, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
    close(): Promise<void>;
}

const INHERITED_AZURE_OR_PROXY =
    /^(AZURE_|IDENTITY_|MSI_|IMDS_)|^(HTTPS?_PROXY|ALL_PROXY|NO_PROXY|NODE_EXTRA_CA_CERTS)$/i;

export async function startAzureWorld(options: AzureWorldOptions = {}): Promise<AzureWorld> {
    const ca = await createTestCa();
    const caFile = await writeCaFile(ca.certificatePem);
    const tokens = await startTokenEmulator({ ...options.tokens, tenantId: options.tenantId });
    const specs = (options.vaults ?? ["certdeploy-kv"]).map((v) => (typeof v === "string" ? { name: v } : v));
    const vaults: KeyVaultEmulator[] = [];
    const started: { close(): Promise<void> }[] = [tokens];
    try {
        for (const spec of specs) {
            const kv = await startKeyVaultEmulator({
                ...options.keyVault,
                vaultName: spec.name,
                cloud: spec.cloud,
                tenantId: tokens.tenantId,
                verifyToken: (token) => tokens.verifyAccessToken(token),
                ca,
            });
            vaults.push(kv);
            started.push(kv);
        }
        const loginHosts = new Set(AZURE_LOGIN_HOSTS);
        const byHost = new Map<string, http.RequestListener>(
            vaults.map((kv) => [vaultHost(kv.vaultName, kv.cloud), kv.handler]),
        );
        const proxy = await startConnectProxy({
            ca,
            allowList: options.allowList,
            route: (host) => (loginHosts.has(host) ? tokens.authorityHandler : byHost.get(host)),
        });
        started.push(proxy);

        const find = (name: string): KeyVaultEmulator => {
            const kv = vaults.find((v) => v.vaultName === name.toLowerCase());
            if (!kv) throw new Error(`no emulated vault named ${name}`);
            return kv;
        };
        const env = (mode: CredentialMode, envOptions?: EnvForOptions): Record<string, string> => ({
            ...tokens.envFor(mode, envOptions),
            HTTPS_PROXY: proxy.url,
            NO_PROXY: "127.0.0.1,localhost",
            NODE_EXTRA_CA_CERTS: caFile.path,
        });
        return {
            tenantId: tokens.tenantId,
            vaultUrl: vaults[0].vaultUrl,
            keyVault: vaults[0],
            tokens,
            proxy,
            caCertificatePem: ca.certificatePem,
            caFile: caFile.path,
            vault: (name) => (name === undefined ? vaults[0] : find(name)).vaultUrl,
            keyVaultFor: find,
            env,
            childEnv: (mode, envOptions, base = process.env) => {
                const clean = Object.fromEntries(
                    Object.entries(base).filter(([k]) => !INHERITED_AZURE_OR_PROXY.test(k)),
                );
                return { ...clean, ...env(mode, envOptions) };
            },
            close: async () => {
                await Promise.all(started.map((s) => s.close()));
                await caFile.remove();
            },
        };
    } catch (e) {
        await Promise.all(started.map((s) => s.close()));
        await caFile.remove();
        throw e;
    }
}
