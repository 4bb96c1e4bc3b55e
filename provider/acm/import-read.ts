/**
 * `pulumi import` of an AcmCertificate by ARN (and `AcmCertificate.get`): a
 * Read with only an id. The region comes from the ARN; the endpoint from the
 * AWS SDK's own configuration (`AWS_ENDPOINT_URL_ACM`, `AWS_ENDPOINT_URL`), so
 * no endpoint is written into the imported inputs. No key: ACM never returns it.
 *
 *     readAcmForImport("arn:aws:acm:eu-west-1:123456789012:certificate/0b8f…")
 *     → { id: "arn:aws:acm:eu-west-1:…", inputs: { region: "eu-west-1", certificatePem, chainPem, tags },
 *         outputs: { …inputs, arn, serial, notAfter, keyAlgorithm, fingerprintSha256, … } }
 */
import type { CertificateDetail } from "@aws-sdk/client-acm";
import { CertdeployError } from "../deploy/errors";
import { ImportedResource, splitLiveTags } from "../deploy/imported";
import { normaliseAcmKeyAlgorithm } from "./key-algorithms";
import { CertificateFacts, isIssuedBy, readCertificate } from "../material/certificate";
import { certificateToPem, readPemBlocks } from "../material/pem";
import { parseAcmArn } from "./arn";
import { AcmApi, AcmCallError } from "./client";
import { ACM_STATE_VERSION } from "./state";

const describeImport = (arn: string): string => `AcmCertificate import (${arn})`;

/** The certificates of a PEM text, parsed. */
const certificatesOf = (pem: string | undefined): CertificateFacts[] =>
    pem ? readPemBlocks(pem, "CERTIFICATE").map((block) => readCertificate(block.der)) : [];

/** The chain as far as it continues the leaf's issuer links: a CA certificate the service appended (moto adds an Amazon root) is left out. */
function chainFromLeaf(leaf: CertificateFacts, chain: CertificateFacts[]): CertificateFacts[] {
    const kept: CertificateFacts[] = [];
    let current = leaf;
    for (const cert of chain) {
        if (current.selfIssued || !isIssuedBy(current, cert)) break;
        kept.push(cert);
        current = cert;
    }
    return kept;
}

export async function readAcmForImport(arn: string): Promise<ImportedResource | undefined> {
    const parsed = parseAcmArn(arn);
    if (!parsed) {
        throw new CertdeployError(
            `${describeImport(arn)}: the id is not an ACM certificate ARN; import with the ARN, e.g. arn:aws:acm:us-east-1:123456789012:certificate/0b8f0b4c-1c3a-4e0e-9b5c-2a6f5f0c1e11`,
        );
    }
    const api = new AcmApi(parsed.region, () => describeImport(arn));
    let detail: CertificateDetail;
    try {
        detail = await api.describe(arn);
    } catch (e) {
        if (e instanceof AcmCallError && e.awsName === "ResourceNotFoundException") return undefined;
        throw e;
    }
    if (detail.Type !== undefined && detail.Type !== "IMPORTED") {
        throw new CertdeployError(
            `${describeImport(arn)} is an ${detail.Type} certificate; certdeploy manages only IMPORTED certificates, so it cannot be imported`,
        );
    }
    const body = await api.getCertificate(arn);
    const [leaf] = certificatesOf(body.certificatePem);
    if (!leaf) throw new CertdeployError(`${describeImport(arn)}: GetCertificate returned no certificate body`);
    const chain = chainFromLeaf(leaf, certificatesOf(body.chainPem));
    const { userTags, certificateId } = splitLiveTags(await api.listTags(arn));

    const inputs: Record<string, unknown> = {
        region: parsed.region,
        certificatePem: certificateToPem(leaf.der),
        ...(chain.length > 0 ? { chainPem: chain.map((c) => certificateToPem(c.der)).join("\n") } : {}),
        ...(userTags ? { tags: userTags } : {}),
        ...(certificateId ? { certificateId } : {}),
    };
    const outputs: Record<string, unknown> = {
        ...inputs,
        certificateId: certificateId ?? "",
        arn,
        serial: leaf.serial,
        notBefore: leaf.notBefore.toISOString(),
        notAfter: leaf.notAfter.toISOString(),
        keyAlgorithm: detail.KeyAlgorithm ? normaliseAcmKeyAlgorithm(detail.KeyAlgorithm) : "",
        domainName: leaf.domainName,
        subjectAlternativeNames: leaf.subjectAlternativeNames,
        fingerprintSha256: leaf.fingerprintSha256,
        inUseBy: detail.InUseBy ?? [],
        stateVersion: ACM_STATE_VERSION,
    };
    return { id: arn, inputs, outputs };
}
