import { AcmServiceError, constraintError } from "../service-error";
import { isJsonObject, optionalNumber, optionalString, optionalStringList, type JsonObject } from "../input";
import { summaryView, statusOf } from "../certificate-view";
import { DEFAULT_LISTED_KEY_ALGORITHMS } from "../material/key-algorithm";
import { liveVersion, type StoredCertificate } from "../store";
import type { OperationContext, OperationResult } from "./operation-context";

// docs.aws.amazon.com/acm/latest/APIReference/API_ListCertificates.html and API_Filters.html
const MAX_ITEMS_LIMIT = 1000;

interface ListFilters {
    statuses: string[] | undefined;
    keyTypes: readonly string[];
    keyUsage: string[] | undefined;
    extendedKeyUsage: string[] | undefined;
}

function readFilters(input: JsonObject): ListFilters {
    const includes = input.Includes;
    const filters = isJsonObject(includes) ? includes : {};
    return {
        statuses: optionalStringList(input, "CertificateStatuses"),
        // Without Includes.keyTypes ACM lists only RSA_1024 and RSA_2048 certificates.
        keyTypes: optionalStringList(filters, "keyTypes") ?? DEFAULT_LISTED_KEY_ALGORITHMS,
        keyUsage: optionalStringList(filters, "keyUsage"),
        extendedKeyUsage: optionalStringList(filters, "extendedKeyUsage"),
    };
}

function anyMatches(wanted: string[] | undefined, present: readonly string[]): boolean {
    return wanted === undefined || wanted.includes("ANY") || wanted.some((name) => present.includes(name));
}

function matches(certificate: StoredCertificate, filters: ListFilters, now: Date): boolean {
    const version = liveVersion(certificate);
    const { facts, keyAlgorithm } = version.material;
    if (filters.statuses !== undefined && !filters.statuses.includes(statusOf(version, now))) return false;
    if (!filters.keyTypes.includes(keyAlgorithm)) return false;
    if (!anyMatches(filters.keyUsage, facts.keyUsages ?? [])) return false;
    return anyMatches(
        filters.extendedKeyUsage,
        (facts.extendedKeyUsages ?? []).map((usage) => usage.name),
    );
}

/** NextToken is opaque to callers; here it carries the creation sequence of the last listed certificate. */
function encodeToken(seq: number): string {
    return Buffer.from(`after:${seq}`, "utf8").toString("base64");
}

function decodeToken(token: string | undefined): number {
    if (token === undefined) return 0;
    const match = /^after:(\d+)$/.exec(Buffer.from(token, "base64").toString("utf8"));
    if (match?.[1] === undefined) throw new AcmServiceError("InvalidArgsException", "The NextToken is not valid.");
    return Number(match[1]);
}

export function listCertificates(input: JsonObject, context: OperationContext): OperationResult {
    const maxItems = optionalNumber(input, "MaxItems") ?? MAX_ITEMS_LIMIT;
    if (maxItems < 1)
        throw constraintError("maxItems", "Member must have value greater than or equal to 1", String(maxItems));
    if (maxItems > MAX_ITEMS_LIMIT) {
        throw constraintError(
            "maxItems",
            `Member must have value less than or equal to ${MAX_ITEMS_LIMIT}`,
            String(maxItems),
        );
    }
    const after = decodeToken(optionalString(input, "NextToken"));
    const filters = readFilters(input);
    const candidates = context.store
        .inRegion(context.region)
        .filter((certificate) => certificate.seq > after && matches(certificate, filters, context.now))
        .sort((a, b) => a.seq - b.seq);
    const page = candidates.slice(0, maxItems);
    const view = { keyAlgorithmStyle: context.keyAlgorithmStyle, now: context.now };
    const output: JsonObject = {
        CertificateSummaryList: page.map((certificate) => summaryView(certificate, liveVersion(certificate), view)),
    };
    const last = page[page.length - 1];
    if (candidates.length > page.length && last !== undefined) output.NextToken = encodeToken(last.seq);
    return { output };
}
