import { validationError } from "../service-error";
import type { CertificateFacts } from "../material/certificate-facts";
import { CLIENT_AUTH_OID } from "../material/usages";

// Re-import conditions: docs.aws.amazon.com/acm/latest/userguide/import-reimport.html

/** Throws ValidationException when ACM would refuse to replace `current` with `next` under the same ARN. */
export function checkReimportAllowed(current: CertificateFacts, next: CertificateFacts): void {
    if (current.keyAlgorithm !== next.keyAlgorithm) {
        throw validationError(
            `The key type and size cannot change on re-import: the certificate is ${current.keyAlgorithm ?? "unknown"}, the new one ${next.keyAlgorithm ?? "unknown"}.`,
        );
    }
    if (next.domainName === undefined) {
        throw validationError("You cannot remove all of the domain names from a certificate on re-import.");
    }
    if (current.keyUsages !== undefined) {
        const kept = new Set(next.keyUsages ?? []);
        if (current.keyUsages.some((usage) => !kept.has(usage))) {
            throw validationError(
                "New certificate is missing one or more Key Usages supported by the currently imported certificate",
            );
        }
    }
    if (current.extendedKeyUsages !== undefined) {
        // Dropping ClientAuth is allowed (docs.aws.amazon.com/acm/latest/userguide/import-certificate.html).
        const kept = new Set((next.extendedKeyUsages ?? []).map((usage) => usage.oid));
        const required = current.extendedKeyUsages.filter((usage) => usage.oid !== CLIENT_AUTH_OID);
        if (required.some((usage) => !kept.has(usage.oid))) {
            // Message as ACM returns it (hashicorp/terraform-provider-aws#42779).
            throw validationError(
                "New certificate is missing one or more Extended Key Usages supported by the currently imported certificate",
            );
        }
    }
}
