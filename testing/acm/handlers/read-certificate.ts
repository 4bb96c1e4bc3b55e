import { requiredString, type JsonObject } from "../input";
import { checkCertificateArn } from "../arn";
import { describeView } from "../certificate-view";
import { liveVersion, type StoredCertificate } from "../store";
import type { OperationContext, OperationResult } from "./operation-context";

/** Validates the CertificateArn member and finds the certificate in the caller's region. */
export function certificateFromInput(input: JsonObject, context: OperationContext): StoredCertificate {
    const arn = requiredString(input, "CertificateArn");
    checkCertificateArn(arn);
    return context.store.require(arn, context.region);
}

export function describeCertificate(input: JsonObject, context: OperationContext): OperationResult {
    const certificate = certificateFromInput(input, context);
    const previous = certificate.versions[certificate.versions.length - 2];
    const version = context.staleRead && previous !== undefined ? previous : liveVersion(certificate);
    const view = { keyAlgorithmStyle: context.keyAlgorithmStyle, now: context.now };
    return { output: { Certificate: describeView(certificate, version, view) }, arn: certificate.arn };
}

/**
 * GetCertificate: the leaf and the chain as imported (no key: ACM never returns it).
 * With `trailingChainPem` the chain ends with extra CA certificates, as moto's
 * does (it appends an Amazon root and says AWS does the same; the API reference
 * docs.aws.amazon.com/acm/latest/APIReference/API_GetCertificate.html is silent).
 */
export function getCertificate(input: JsonObject, context: OperationContext): OperationResult {
    const certificate = certificateFromInput(input, context);
    const previous = certificate.versions[certificate.versions.length - 2];
    const version = context.staleRead && previous !== undefined ? previous : liveVersion(certificate);
    const { certificatePem, chainPem } = version.material;
    const output: JsonObject = { Certificate: certificatePem };
    const chain = [chainPem, context.trailingChainPem]
        .filter((p): p is string => p !== undefined && p.trim() !== "")
        .map((p) => p.trim());
    if (chain.length > 0) output.CertificateChain = `${chain.join("\n")}\n`;
    return { output, arn: certificate.arn };
}
