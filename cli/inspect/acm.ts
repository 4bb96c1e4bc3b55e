/**
 * `certdeploy inspect acm`: what is live behind an ARN. Uses the provider's
 * AcmApi (the SDK default credential chain, its retries, and errors that name
 * the missing IAM action). Calls: DescribeCertificate, ListTagsForCertificate.
 */
import { AcmApi, AcmCallError } from "../../provider/acm/client";
import { normaliseAcmKeyAlgorithm } from "../../provider/acm/key-algorithms";
import { colonHexSerial } from "../../provider/material/serial";
import { errorsOf } from "../../provider/material/problem";
import { checkAcmInputs } from "../../provider/acm/inputs";
import { parseAcmArn } from "../../provider/acm/arn";
import { daysUntil } from "../dates";
import { CheckFailedError, UsageError } from "../exit-codes";
import { provenanceOf, type Provenance } from "./provenance";

export interface AcmLookup {
    arn: string;
    /** Defaults to the ARN's region. */
    region?: string;
    endpoint?: string;
}

export interface AcmInspection {
    target: "acm";
    arn: string;
    region: string;
    status?: string;
    type?: string;
    domainName?: string;
    subjectAlternativeNames: string[];
    serial?: string;
    notBefore?: string;
    notAfter?: string;
    daysToExpiry?: number;
    keyAlgorithm?: string;
    provenance: Provenance;
    tags: Record<string, string>;
    inUseBy: string[];
}

export async function inspectAcm(lookup: AcmLookup, now: Date = new Date()): Promise<AcmInspection> {
    const region = regionFor(lookup);
    checkEndpoint(lookup.endpoint);
    const api = new AcmApi(region, () => lookup.arn, lookup.endpoint);
    try {
        const detail = await api.describe(lookup.arn);
        const tags = await api.listTags(lookup.arn);
        return {
            target: "acm",
            arn: lookup.arn,
            region,
            status: detail.Status,
            type: detail.Type,
            domainName: detail.DomainName,
            subjectAlternativeNames: detail.SubjectAlternativeNames ?? [],
            ...(detail.Serial ? { serial: colonHexSerial(detail.Serial, "colonHex") } : {}),
            notBefore: detail.NotBefore?.toISOString(),
            notAfter: detail.NotAfter?.toISOString(),
            ...(detail.NotAfter ? { daysToExpiry: daysUntil(detail.NotAfter, now) } : {}),
            ...(detail.KeyAlgorithm ? { keyAlgorithm: normaliseAcmKeyAlgorithm(detail.KeyAlgorithm) } : {}),
            provenance: provenanceOf(tags),
            tags,
            inUseBy: detail.InUseBy ?? [],
        };
    } catch (e) {
        if (e instanceof AcmCallError && e.awsName === "ResourceNotFoundException") {
            throw new CheckFailedError(
                `certificate not found: ${lookup.arn} does not exist in ${region} (deleted, or another account or region)`,
            );
        }
        if (e instanceof AcmCallError) throw new CheckFailedError(e.message);
        throw e;
    }
}

/** The provider's endpoint rule: https, or plain http only on loopback (local emulators). */
function checkEndpoint(endpoint: string | undefined): void {
    if (endpoint === undefined) return;
    if (!URL.canParse(endpoint))
        throw new UsageError("--endpoint is not a URL; expected e.g. https://acm.us-east-1.amazonaws.com");
    const errors = errorsOf(checkAcmInputs({ endpoint }));
    if (errors.length > 0) throw new UsageError(errors.map((p) => `--endpoint ${p.reason}`).join("; "));
}

function regionFor(lookup: AcmLookup): string {
    const arn = parseAcmArn(lookup.arn);
    if (!arn)
        throw new UsageError(
            "--arn is not an ACM certificate ARN; expected arn:aws:acm:<region>:<account>:certificate/<id>",
        );
    if (lookup.region !== undefined && lookup.region !== arn.region) {
        throw new UsageError(
            `--arn is in region ${arn.region} but --region is ${lookup.region}; ACM certificates are regional`,
        );
    }
    return lookup.region ?? arn.region;
}
