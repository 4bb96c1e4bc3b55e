/** Optional JSON-lines audit log (CERTDEPLOY_AUDIT_LOG): one line per deployment attempt, never key material. */
import * as fs from "node:fs";
import { redact } from "./errors";

export interface AuditLine {
    target: string;
    resource: string;
    result: string;
    previousSerial: string;
    serial: string;
    message?: string;
    rollback?: string;
    /** Cloud API calls the attempt made (lastDeployment.apiCalls). */
    apiCalls: number;
}

export function writeAuditLine(line: AuditLine): void {
    const file = process.env.CERTDEPLOY_AUDIT_LOG;
    if (!file) return;
    const entry = {
        time: new Date().toISOString(),
        ...line,
        message: line.message === undefined ? undefined : redact(line.message),
    };
    try {
        fs.appendFileSync(file, `${JSON.stringify(entry)}\n`);
    } catch (e) {
        console.error(`certdeploy: could not append to the audit log: ${e instanceof Error ? e.message : String(e)}`);
    }
}
