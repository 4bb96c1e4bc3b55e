/** The ACM operations this emulator answers, spelled as in `X-Amz-Target: CertificateManager.<Operation>`. */
export const ACM_OPERATIONS = [
    "ImportCertificate",
    "DescribeCertificate",
    "GetCertificate",
    "AddTagsToCertificate",
    "RemoveTagsFromCertificate",
    "ListTagsForCertificate",
    "ListCertificates",
    "DeleteCertificate",
] as const;

export type AcmOperation = (typeof ACM_OPERATIONS)[number];

export function isAcmOperation(name: string): name is AcmOperation {
    return (ACM_OPERATIONS as readonly string[]).includes(name);
}

/** Documented request rates per account and region (docs.aws.amazon.com/acm/latest/userguide/acm-limits.html). */
export const DOCUMENTED_RATE_LIMITS: Readonly<Partial<Record<AcmOperation, number>>> = {
    ImportCertificate: 1,
    DescribeCertificate: 10,
    AddTagsToCertificate: 5,
    ListCertificates: 8,
};
