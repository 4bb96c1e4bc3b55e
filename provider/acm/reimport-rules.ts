/**
 * What ACM refuses on re-import into the same ARN, predicted offline so that
 * `diff` can plan a replacement (new ARN) and `check` can refuse a pinned ARN.
 * docs.aws.amazon.com/acm/latest/userguide/import-reimport.html
 */
import { acmKeyAlgorithm } from "./key-algorithms";
import type { CertificateFacts } from "../material/certificate";
import type { KeyFacts } from "../material/key";

const CLIENT_AUTH_EKU = "1.3.6.1.5.5.7.3.2";

export interface ReimportSide {
    leaf: CertificateFacts;
    key: Pick<KeyFacts, "type" | "bits" | "curve">;
}

/** Why ACM would refuse to re-import `next` over `live`, or undefined when it would accept. */
export function reimportRefusal(live: ReimportSide, next: ReimportSide): string | undefined {
    const liveAlg = acmKeyAlgorithm(live.key);
    const nextAlg = acmKeyAlgorithm(next.key);
    if (liveAlg !== nextAlg)
        return `the key algorithm changes from ${liveAlg ?? "unsupported"} to ${nextAlg ?? "unsupported"}, and ACM cannot change key type or size on re-import`;
    const lostKu = live.leaf.keyUsages.filter((u) => !next.leaf.keyUsages.includes(u));
    if (lostKu.length > 0)
        return `the new certificate drops Key Usage ${lostKu.join(", ")}, and ACM cannot remove Key Usage values on re-import`;
    const lostEku = live.leaf.extendedKeyUsages.filter(
        (u) => u !== CLIENT_AUTH_EKU && !next.leaf.extendedKeyUsages.includes(u),
    );
    if (lostEku.length > 0)
        return `the new certificate drops Extended Key Usage ${lostEku.join(", ")}, and ACM cannot remove Extended Key Usage values on re-import`;
    if (next.leaf.domainName === "" && next.leaf.subjectAlternativeNames.length === 0)
        return "the new certificate has no domain name, and ACM cannot drop all domain names on re-import";
    return undefined;
}
