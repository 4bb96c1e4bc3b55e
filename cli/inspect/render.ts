/** Human-readable forms of `inspect acm` and `inspect keyvault`. */
import { daysLeftText } from "../dates";
import { fieldLines } from "../output";
import type { AcmInspection } from "./acm";
import type { KeyVaultInspection, KeyVaultVersion } from "./keyvault";
import { tagsText } from "./provenance";

const validity = (notBefore: string | undefined, notAfter: string | undefined, days: number | undefined): string =>
    `${notBefore ?? "?"} → ${notAfter ?? "?"}${days !== undefined ? ` (${daysLeftText(days)})` : ""}`;

const listText = (items: readonly string[]): string => (items.length > 0 ? items.join(", ") : "(none)");

export function renderAcm(i: AcmInspection): string {
    return [
        `AWS Certificate Manager: ${i.arn}`,
        fieldLines([
            ["status", [i.status, i.type].filter(Boolean).join(", ") || "?"],
            ["domain", i.domainName ?? "?"],
            ["SANs", listText(i.subjectAlternativeNames)],
            ["serial", i.serial ?? "?"],
            ["valid", validity(i.notBefore, i.notAfter, i.daysToExpiry)],
            ["key algorithm", i.keyAlgorithm ?? "?"],
            ["provenance", i.provenance.description],
            ["tags", tagsText(i.tags)],
            ["in use by", listText(i.inUseBy)],
        ]),
    ].join("\n");
}

export function renderKeyVault(i: KeyVaultInspection): string {
    return [
        `Azure Key Vault: ${i.versionlessId}`,
        fieldLines([
            ["version", `${i.version ?? "?"}${i.enabled === false ? " (disabled)" : ""}`],
            ["subject", i.subject],
            ["SANs", listText(i.subjectAlternativeNames)],
            ["serial", i.serial],
            ["valid", validity(i.notBefore, i.notAfter, i.daysToExpiry)],
            ["thumbprint", i.thumbprint ?? "?"],
            ["SHA-256", i.fingerprintSha256],
            ["provenance", i.provenance.description],
            ["tags", tagsText(i.tags)],
            ["secret id", i.versionlessSecretId],
        ]),
        `versions (${i.versions.length}, newest first):`,
        ...i.versions.map((v) => versionLine(v, v.version === i.version)),
    ].join("\n");
}

function versionLine(v: KeyVaultVersion, latest: boolean): string {
    const state = v.enabled === false ? "disabled" : "enabled";
    const owner = v.provenance.managedByCertdeploy
        ? `certificateId ${v.provenance.certificateId ?? "?"}`
        : "not managed by certdeploy";
    return `  ${v.version}  x5t ${v.x5t ?? "?"}  created ${v.created ?? "?"}  ${state}  ${owner}${latest ? "  (latest)" : ""}`;
}
