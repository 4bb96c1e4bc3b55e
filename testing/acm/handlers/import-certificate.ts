import { AcmServiceError, validationError } from "../service-error";
import { optionalBlob, optionalString, optionalTags, requiredBlob, type JsonObject } from "../input";
import { checkCertificateArn } from "../arn";
import { validateImportMaterial, type ImportRequestMaterial } from "../material/import-material";
import { checkReimportAllowed } from "../rules/reimport-rules";
import { mergedTags, validateTagList } from "../rules/tag-rules";
import { liveVersion, type CertificateStore, type StoredCertificate } from "../store";
import type { OperationContext, OperationResult } from "./operation-context";

// Modelled blob limits: docs.aws.amazon.com/acm/latest/APIReference/API_ImportCertificate.html
// (the private key "may be no larger than 5 KB (5,120 bytes)", import-certificate-prerequisites.html).
const MAX_CERTIFICATE_BYTES = 32768;
const MAX_PRIVATE_KEY_BYTES = 5120;
const MAX_CHAIN_BYTES = 2097152;

/** Re-import rules shared by ImportCertificate with CertificateArn and the out-of-band control. */
export function reimportInto(
    store: CertificateStore,
    certificate: StoredCertificate,
    request: ImportRequestMaterial,
    now: Date,
    options: { dropTags: boolean; discard: boolean },
): void {
    if (certificate.type !== "IMPORTED") {
        throw validationError(
            `Certificate ${certificate.arn} is not an imported certificate and cannot be re-imported.`,
        );
    }
    const material = validateImportMaterial(request, now);
    checkReimportAllowed(liveVersion(certificate).material.facts, material.facts);
    if (!options.discard) store.reimport(certificate, { material, importedAt: now }, options.dropTags);
}

function readMaterial(input: JsonObject): ImportRequestMaterial {
    return {
        certificate: requiredBlob(input, "Certificate", MAX_CERTIFICATE_BYTES),
        privateKey: requiredBlob(input, "PrivateKey", MAX_PRIVATE_KEY_BYTES),
        chain: optionalBlob(input, "CertificateChain", MAX_CHAIN_BYTES),
    };
}

export function importCertificate(input: JsonObject, context: OperationContext): OperationResult {
    const { store, region, now } = context;
    const request = readMaterial(input);
    const tags = optionalTags(input);
    const arn = optionalString(input, "CertificateArn");

    if (arn !== undefined) {
        checkCertificateArn(arn);
        const certificate = store.require(arn, region);
        // "You cannot apply resource tags when reimporting" — even an empty list (import-reimport.html).
        if (tags !== undefined) throw validationError("Tagging is not permitted on re-import.");
        reimportInto(store, certificate, request, now, {
            dropTags: context.dropTagsOnReimport,
            discard: context.discardImport,
        });
        return { output: { CertificateArn: arn }, arn };
    }

    if (tags !== undefined) validateTagList(tags);
    const material = validateImportMaterial(request, now);
    const tagSet = mergedTags(new Map(), tags ?? []);
    const imported = store.inRegion(region).filter((certificate) => certificate.type === "IMPORTED").length;
    if (imported >= context.maxImportedCertificates) {
        // 2,500 imported certificates per account and region (acm-limits.html).
        throw new AcmServiceError(
            "LimitExceededException",
            "The certificate limit for imported certificates has been exceeded.",
        );
    }
    const newArn = store.newArn(region);
    if (!context.discardImport) {
        const certificate = store.add(newArn, region, "IMPORTED", { material, importedAt: now });
        certificate.tags = tagSet;
    }
    return { output: { CertificateArn: newArn }, arn: newArn };
}
