/**
 * Reads the provider's audit log (CERTDEPLOY_AUDIT_LOG): one JSON line per
 * deployment attempt, written by provider/deploy/audit.ts:
 *
 * ```
 * {"time":"2026-…Z","target":"AWSACM","resource":"AcmCertificate \"shop/prod/api\" (arn:aws:acm:…)",
 *  "result":"rolled_back","previousSerial":"0a:…","serial":"0a:…","message":"…","rollback":"restored","apiCalls":6}
 * → { time, stack: "prod", project: "shop", name: "api", certificateId: "shop/prod/api", targetId: "arn:aws:acm:…", … }
 * ```
 *
 * The stack, project and name come from the certificateId when it has the
 * default form `<project>/<stack>/<name>`; an id set by hand is shown whole
 * and the stack is left empty. A line that is not such a record is skipped
 * and reported by its line number, never echoed.
 */
export interface AuditAttempt {
    /** Line number in the log, from 1. */
    line: number;
    time: string;
    /** AWSACM or AzureKeyVault. */
    target: string;
    certificateId: string;
    project?: string;
    stack?: string;
    name?: string;
    /** ACM: the ARN; Key Vault: the certificate name or id (absent when the attempt created nothing). */
    targetId?: string;
    /** succeeded, rolled_back, rollback_failed, or aborted (stopped before anything was written). */
    result: string;
    /** restored or also_failed, when a rollback ran. */
    rollback?: string;
    previousSerial: string;
    serial: string;
    apiCalls?: number;
    message?: string;
}

export interface AuditLog {
    attempts: AuditAttempt[];
    /** Line numbers that held no audit record. */
    skipped: number[];
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** `AcmCertificate "<certificateId>" (<id>)`, as provider/acm/provider.ts and provider/keyvault/provider.ts describe a target. */
const RESOURCE_TEXT = /^(?:AcmCertificate|KeyVaultCertificate) "(.*)"(?: \((.*)\))?$/s;

function parseAttempt(value: unknown, line: number): AuditAttempt | undefined {
    if (!isObject(value)) return undefined;
    const time = text(value.time);
    const target = text(value.target);
    const resource = text(value.resource);
    const result = text(value.result);
    if (time === undefined || target === undefined || resource === undefined || result === undefined) return undefined;
    const described = RESOURCE_TEXT.exec(resource);
    const certificateId = described ? described[1] : resource;
    const parts = certificateId.split("/");
    const defaultForm = parts.length === 3 && parts.every((p) => p !== "");
    return {
        line,
        time,
        target,
        certificateId,
        ...(defaultForm ? { project: parts[0], stack: parts[1], name: parts[2] } : {}),
        targetId: described?.[2],
        result,
        rollback: text(value.rollback),
        previousSerial: text(value.previousSerial) ?? "",
        serial: text(value.serial) ?? "",
        apiCalls: typeof value.apiCalls === "number" ? value.apiCalls : undefined,
        message: text(value.message),
    };
}

export function parseAuditLog(content: string): AuditLog {
    const attempts: AuditAttempt[] = [];
    const skipped: number[] = [];
    content.split("\n").forEach((raw, i) => {
        if (raw.trim() === "") return;
        let value: unknown;
        try {
            value = JSON.parse(raw);
        } catch {
            value = undefined;
        }
        const attempt = parseAttempt(value, i + 1);
        if (attempt) attempts.push(attempt);
        else skipped.push(i + 1);
    });
    return { attempts, skipped };
}
