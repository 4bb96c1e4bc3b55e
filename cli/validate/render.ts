/** The human-readable form of a validation result. */
import { validityText } from "../dates";
import { fieldLines } from "../output";
import type { CertificateSummary } from "./certificate-summary";
import type { ValidationResult } from "./check-material";

const TARGET_NAMES = { acm: "AWS Certificate Manager", keyvault: "Azure Key Vault" } as const;

export function renderValidation(result: ValidationResult): string {
    const lines: string[] = [];
    const verdict = result.valid
        ? "valid"
        : `invalid (${result.failures.length} ${result.failures.length === 1 ? "failure" : "failures"})`;
    lines.push(`${TARGET_NAMES[result.target]}: ${verdict}`);
    if (result.certificate) lines.push(fieldLines(certificateFields(result.certificate)));
    if (result.failures.length > 0) {
        lines.push("failures:");
        for (const f of result.failures) lines.push(`  ✘ ${f.reason}`);
    }
    if (result.warnings.length > 0) {
        lines.push("warnings:");
        for (const w of result.warnings) lines.push(`  ! ${w.reason}`);
    }
    if (result.skipped.length > 0) lines.push(`not checked (not given): ${result.skipped.join(", ")}`);
    return lines.join("\n");
}

function certificateFields(c: CertificateSummary): [string, string][] {
    return [
        ["subject", c.subject],
        ["issuer", c.issuer],
        ["SANs", c.subjectAlternativeNames.length > 0 ? c.subjectAlternativeNames.join(", ") : "(none)"],
        ["serial", c.serial],
        ["valid", validityText(c.notBefore, c.notAfter, c.daysToExpiry)],
        ["key algorithm", c.keyAlgorithm ?? "(key not readable)"],
        ["SHA-256", c.fingerprintSha256],
        ["chain", c.chain.length > 0 ? c.chain.join(" → ") : "(none)"],
    ];
}
