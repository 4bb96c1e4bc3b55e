import type { JsonObject } from "./input";
import { formatKeyAlgorithm, type KeyAlgorithmStyle } from "./material/key-algorithm";
import type { CertificateVersion, StoredCertificate } from "./store";

// Shapes: docs.aws.amazon.com/acm/latest/APIReference/API_CertificateDetail.html and API_CertificateSummary.html

export interface ViewOptions {
    keyAlgorithmStyle: KeyAlgorithmStyle;
    now: Date;
}

/** The JSON protocol sends timestamps as epoch seconds. */
function epochSeconds(date: Date): number {
    return date.getTime() / 1000;
}

export function statusOf(version: CertificateVersion, now: Date): "ISSUED" | "EXPIRED" {
    return version.material.facts.notAfter < now ? "EXPIRED" : "ISSUED";
}

function issuanceTimes(certificate: StoredCertificate, version: CertificateVersion): JsonObject {
    if (certificate.type === "IMPORTED") return { ImportedAt: epochSeconds(version.importedAt) };
    return { CreatedAt: epochSeconds(certificate.createdAt), IssuedAt: epochSeconds(certificate.createdAt) };
}

/** DescribeCertificate's `Certificate` for one version (the live one, or an older one for a stale read). */
export function describeView(
    certificate: StoredCertificate,
    version: CertificateVersion,
    options: ViewOptions,
): JsonObject {
    const { facts, keyAlgorithm } = version.material;
    return {
        CertificateArn: certificate.arn,
        DomainName: facts.domainName ?? "",
        SubjectAlternativeNames: facts.subjectAlternativeNames,
        Serial: facts.serial,
        Subject: facts.subject,
        Issuer: facts.issuer,
        ...issuanceTimes(certificate, version),
        NotBefore: epochSeconds(facts.notBefore),
        NotAfter: epochSeconds(facts.notAfter),
        KeyAlgorithm: formatKeyAlgorithm(keyAlgorithm, options.keyAlgorithmStyle),
        SignatureAlgorithm: facts.signatureAlgorithm,
        Status: statusOf(version, options.now),
        Type: certificate.type,
        InUseBy: [...certificate.inUseBy],
        KeyUsages: (facts.keyUsages ?? []).map((name) => ({ Name: name })),
        ExtendedKeyUsages: (facts.extendedKeyUsages ?? []).map((usage) => ({ Name: usage.name, OID: usage.oid })),
        RenewalEligibility: "INELIGIBLE",
        Options: { CertificateTransparencyLoggingPreference: "ENABLED", Export: "DISABLED" },
    };
}

/** One ListCertificates entry (CertificateSummary); at most 100 SANs, as the API documents. */
export function summaryView(
    certificate: StoredCertificate,
    version: CertificateVersion,
    options: ViewOptions,
): JsonObject {
    const { facts, keyAlgorithm } = version.material;
    return {
        CertificateArn: certificate.arn,
        DomainName: facts.domainName ?? "",
        SubjectAlternativeNameSummaries: facts.subjectAlternativeNames.slice(0, 100),
        HasAdditionalSubjectAlternativeNames: facts.subjectAlternativeNames.length > 100,
        Status: statusOf(version, options.now),
        Type: certificate.type,
        KeyAlgorithm: formatKeyAlgorithm(keyAlgorithm, options.keyAlgorithmStyle),
        KeyUsages: facts.keyUsages ?? [],
        ExtendedKeyUsages: (facts.extendedKeyUsages ?? []).map((usage) => usage.name),
        InUse: certificate.inUseBy.length > 0,
        Exported: false,
        RenewalEligibility: "INELIGIBLE",
        NotBefore: epochSeconds(facts.notBefore),
        NotAfter: epochSeconds(facts.notAfter),
        ...issuanceTimes(certificate, version),
    };
}
