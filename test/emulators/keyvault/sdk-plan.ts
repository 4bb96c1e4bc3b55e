/**
 * Plans for sdk-child.ts and the helper that runs one in a child `node`.
 *
 *   const results = await runSdkChild(world.childEnv("client_secret"), {
 *       vaultUrl: world.vaultUrl, credential: "client_secret",
 *       steps: [{ op: "import", name: "api", pfxBase64 }, { op: "get", name: "api" }],
 *   });
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import type { CredentialMode } from "../../../testing/identity/token-emulator";

export type SdkStep =
    | {
          op: "import";
          name: string;
          pfxBase64?: string;
          pem?: string;
          password?: string;
          tags?: Record<string, string>;
          contentType?: string;
      }
    | { op: "get"; name: string }
    | { op: "getVersion"; name: string; version: string }
    | { op: "listVersions"; name: string }
    | { op: "update"; name: string; version?: string; tags?: Record<string, string>; enabled?: boolean }
    | { op: "delete"; name: string; pollIntervalMs?: number }
    | { op: "getDeleted"; name: string }
    | { op: "purge"; name: string }
    | { op: "recover"; name: string; pollIntervalMs?: number }
    | { op: "getToken"; scope: string };

export interface SdkPlan {
    vaultUrl: string;
    credential: CredentialMode;
    managedIdentityClientId?: string;
    /** Needed for the direct 127.0.0.1 listener (the challenge names vault.azure.net). */
    disableChallengeResourceVerification?: boolean;
    /** SDK retry count; default: the SDK's own (3). */
    maxRetries?: number;
    steps: SdkStep[];
}

export interface SdkCertificateSummary {
    name: string;
    version?: string;
    /** `properties.id`. */
    id?: string;
    /** `KeyVaultCertificate.id` itself (DESIGN.md §6: undefined in 4.10.3). */
    idOnCertificate?: string;
    x5tHex?: string;
    tags: Record<string, string>;
    enabled?: boolean;
    contentType?: string;
    secretId?: string;
    recoveryLevel?: string;
}

export interface SdkError {
    name: string;
    message: string;
    statusCode?: number;
    code?: string;
    innerCode?: string;
    /** `error.message` from the response body (paged operations do not copy it into `message`). */
    bodyMessage?: string;
}

export type SdkStepResult = { ok: true; value: unknown } | { ok: false; error: SdkError };

const CHILD_SCRIPT = path.join(__dirname, "sdk-child.js");

/** Runs the plan in a child process with `env`; kills it after `timeoutMs`. */
export function runSdkChild(env: NodeJS.ProcessEnv, plan: SdkPlan, timeoutMs = 30_000): Promise<SdkStepResult[]> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CHILD_SCRIPT], {
            env: { ...env, CERTDEPLOY_SDK_PLAN: JSON.stringify(plan) },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`sdk-child timed out after ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
        }, timeoutMs);
        child.on("error", (e) => {
            clearTimeout(timer);
            reject(e);
        });
        child.on("close", (code) => {
            clearTimeout(timer);
            const line = stdout.trim().split("\n").at(-1) ?? "";
            try {
                const parsed = JSON.parse(line) as { results: SdkStepResult[] };
                resolve(parsed.results);
            } catch {
                reject(new Error(`sdk-child exited ${code} without results; stderr: ${stderr.slice(-2000)}`));
            }
        });
    });
}

/** Narrow a step result to its value, failing with the SDK error otherwise. */
export function valueOf<T>(result: SdkStepResult | undefined): T {
    if (!result) throw new Error("missing step result");
    if (!result.ok)
        throw new Error(
            `step failed: ${result.error.statusCode ?? ""} ${result.error.code ?? ""} ${result.error.message}`,
        );
    return result.value as T;
}

export function errorOf(result: SdkStepResult | undefined): SdkError {
    if (!result) throw new Error("missing step result");
    if (result.ok) throw new Error(`step unexpectedly succeeded: ${JSON.stringify(result.value)}`);
    return result.error;
}
