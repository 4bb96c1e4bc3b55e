/**
 * Child-process driver for the *real* Azure SDK. NODE_EXTRA_CA_CERTS is read
 * only at process start, so tests spawn this script with the world's env and
 * a plan in CERTDEPLOY_SDK_PLAN; it prints one JSON line: { results: [...] }.
 * The credential is built from environment variables only, as production does.
 */
import {
    ClientSecretCredential,
    DefaultAzureCredential,
    ManagedIdentityCredential,
    WorkloadIdentityCredential,
    type TokenCredential,
} from "@azure/identity";
import { CertificateClient, type CertificateContentType, type KeyVaultCertificate } from "@azure/keyvault-certificates";
import type { SdkPlan, SdkStep, SdkStepResult, SdkCertificateSummary } from "./sdk-plan";

function credentialFor(plan: SdkPlan): TokenCredential {
    const env = process.env;
    switch (plan.credential) {
        case "client_secret":
            return new ClientSecretCredential(
                env.AZURE_TENANT_ID ?? "",
                env.AZURE_CLIENT_ID ?? "",
                env.AZURE_CLIENT_SECRET ?? "",
            );
        case "workload_identity":
            return new WorkloadIdentityCredential();
        case "managed_identity":
            return plan.managedIdentityClientId
                ? new ManagedIdentityCredential({ clientId: plan.managedIdentityClientId })
                : new ManagedIdentityCredential();
        case "default":
            return new DefaultAzureCredential();
    }
}

function summary(cert: KeyVaultCertificate): SdkCertificateSummary {
    const p = cert.properties;
    return {
        name: p.name ?? "",
        version: p.version,
        id: p.id,
        idOnCertificate: cert.id,
        x5tHex: p.x509Thumbprint ? Buffer.from(p.x509Thumbprint).toString("hex") : undefined,
        tags: p.tags ?? {},
        enabled: p.enabled,
        contentType: "policy" in cert ? (cert as { policy?: { contentType?: string } }).policy?.contentType : undefined,
        secretId: cert.secretId,
        recoveryLevel: p.recoveryLevel,
    };
}

function decodeClaims(token: string): Record<string, unknown> {
    const payload: unknown = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : {};
}

async function runStep(client: CertificateClient, credential: TokenCredential, step: SdkStep): Promise<unknown> {
    switch (step.op) {
        case "import": {
            const bytes =
                step.pem !== undefined ? Buffer.from(step.pem, "utf8") : Buffer.from(step.pfxBase64 ?? "", "base64");
            const cert = await client.importCertificate(step.name, bytes, {
                password: step.password,
                tags: step.tags,
                // DESIGN.md §6: the SDK drops this policy on the wire; the test proves it.
                ...(step.contentType ? { policy: { contentType: step.contentType as CertificateContentType } } : {}),
            });
            return summary(cert);
        }
        case "get":
            return summary(await client.getCertificate(step.name));
        case "getVersion":
            return summary(await client.getCertificateVersion(step.name, step.version));
        case "listVersions": {
            const versions = [];
            for await (const p of client.listPropertiesOfCertificateVersions(step.name)) {
                versions.push({
                    version: p.version,
                    x5tHex: p.x509Thumbprint ? Buffer.from(p.x509Thumbprint).toString("hex") : undefined,
                    tags: p.tags ?? {},
                    enabled: p.enabled,
                });
            }
            return versions;
        }
        case "update": {
            const cert = await client.updateCertificateProperties(step.name, step.version ?? "", {
                tags: step.tags,
                enabled: step.enabled,
            });
            return summary(cert);
        }
        case "delete": {
            const poller = await client.beginDeleteCertificate(step.name, { intervalInMs: step.pollIntervalMs ?? 50 });
            const deleted = await poller.pollUntilDone();
            return {
                recoveryId: deleted.recoveryId,
                scheduledPurgeDate: deleted.scheduledPurgeDate?.toISOString(),
                deletedOn: deleted.deletedOn?.toISOString(),
            };
        }
        case "getDeleted": {
            const deleted = await client.getDeletedCertificate(step.name);
            return {
                recoveryId: deleted.recoveryId,
                scheduledPurgeDate: deleted.scheduledPurgeDate?.toISOString(),
                deletedOn: deleted.deletedOn?.toISOString(),
                version: deleted.properties.version,
            };
        }
        case "purge":
            await client.purgeDeletedCertificate(step.name);
            return {};
        case "recover": {
            const poller = await client.beginRecoverDeletedCertificate(step.name, {
                intervalInMs: step.pollIntervalMs ?? 50,
            });
            return summary(await poller.pollUntilDone());
        }
        case "getToken": {
            const token = await credential.getToken(step.scope);
            if (!token) throw new Error("credential returned no token");
            const claims = decodeClaims(token.token);
            return {
                aud: claims.aud,
                oid: claims.oid,
                appid: claims.appid,
                tid: claims.tid,
                flow: claims.xms_certdeploy_flow,
                expiresOnTimestamp: token.expiresOnTimestamp,
            };
        }
    }
}

/** Paged operations throw "Pagination failed with unexpected statusCode 403": the service's message is only in the body. */
function bodyMessage(bodyAsText: string | undefined): string | undefined {
    try {
        const parsed = JSON.parse(bodyAsText ?? "") as { error?: { message?: string } };
        return parsed.error?.message;
    } catch {
        return undefined;
    }
}

function describeError(e: unknown): SdkStepResult {
    const err = e as {
        name?: string;
        message?: string;
        statusCode?: number;
        code?: string;
        details?: { error?: { code?: string; innerError?: { code?: string } } };
        response?: { bodyAsText?: string };
    };
    return {
        ok: false,
        error: {
            name: err.name ?? "Error",
            message: err.message ?? String(e),
            statusCode: err.statusCode,
            code: err.details?.error?.code ?? err.code,
            innerCode: err.details?.error?.innerError?.code,
            bodyMessage: bodyMessage(err.response?.bodyAsText),
        },
    };
}

async function main(): Promise<void> {
    const raw = process.env.CERTDEPLOY_SDK_PLAN;
    if (!raw) {
        process.stderr.write("sdk-child: set CERTDEPLOY_SDK_PLAN to a JSON plan (see sdk-plan.ts)\n");
        process.exitCode = 2;
        return;
    }
    const plan = JSON.parse(raw) as SdkPlan;
    const credential = credentialFor(plan);
    const client = new CertificateClient(plan.vaultUrl, credential, {
        disableChallengeResourceVerification: plan.disableChallengeResourceVerification,
        retryOptions:
            plan.maxRetries === undefined
                ? undefined
                : { maxRetries: plan.maxRetries, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
    });
    const results: SdkStepResult[] = [];
    for (const step of plan.steps) {
        try {
            results.push({ ok: true, value: await runStep(client, credential, step) });
        } catch (e) {
            results.push(describeError(e));
        }
    }
    process.stdout.write(`${JSON.stringify({ results })}\n`);
}

main().catch((e: unknown) => {
    process.stderr.write(`sdk-child failed: ${(e as Error).message}\n`);
    process.exitCode = 1;
});
