/**
 * Chain order and completeness: each certificate is issued by the next one,
 * the leaf is not repeated, nothing unrelated is included. When the chain is
 * complete but out of order, the message gives the right order.
 *
 * Cost is linear in the chain: every certificate was parsed once (by
 * readCertificate), candidates for an issuer are found through an index by
 * subject name, and each issuer link costs one name check and one signature
 * verification — a 250-certificate chain given root-first is ordered in
 * ~250 verifications, not 250².
 */
import { CertificateFacts, isIssuedBy } from "./certificate";
import { error, Problem } from "./problem";

/** Names listed in one message at most; a long chain's order is summarised. */
const MAX_NAMES_LISTED = 12;

export function checkChain(leaf: CertificateFacts, chain: CertificateFacts[]): Problem[] {
    if (chain.length === 0) return [];
    if (chain.some((c) => c.der.equals(leaf.der))) {
        return [error("chainPem", "repeats the leaf certificate; chainPem holds only the intermediates (leaf's issuer first)")];
    }
    const inOrder = [leaf, ...chain].every((cert, i, all) => i === all.length - 1 || isIssuedBy(cert, all[i + 1]));
    if (inOrder) return [];

    const index = new IssuerIndex(chain);
    const ordered = orderFromLeaf(leaf, index);
    const placed = new Set(ordered);
    const unused = chain.filter((c) => !placed.has(c));
    const last = ordered.length > 0 ? ordered[ordered.length - 1] : leaf;
    if (unused.length === 0) {
        return [error("chainPem", `is out of order; each certificate must be followed by its issuer. Put them in this order: ${listNames(ordered, ", then ")}`)];
    }
    if (!last.selfIssued && !unused.some((c) => isIssuedBy(last, c))) {
        return [error("chainPem", `does not contain the issuer of "${last.subject}" (issuer "${last.issuer}"); add that intermediate certificate`)];
    }
    return [error("chainPem", `holds certificates that are not part of the leaf's chain: ${listNames(unused, ", ")}; remove them`)];
}

function listNames(certs: CertificateFacts[], separator: string): string {
    const shown = certs.slice(0, MAX_NAMES_LISTED).map((c) => `"${c.subject}"`);
    const more = certs.length - shown.length;
    return `${shown.join(separator)}${more > 0 ? ` (and ${more} more)` : ""}`;
}

/** The chain's certificates by subject name (node:crypto's rendering, the one checkIssued compares). */
class IssuerIndex {
    private readonly bySubject = new Map<string, CertificateFacts[]>();
    private readonly used = new Set<CertificateFacts>();

    constructor(pool: readonly CertificateFacts[]) {
        for (const cert of pool) {
            const same = this.bySubject.get(cert.node.subject);
            if (same) same.push(cert);
            else this.bySubject.set(cert.node.subject, [cert]);
        }
    }

    /** An unused certificate that issued `cert` (name and signature), taken out of the pool. */
    takeIssuerOf(cert: CertificateFacts): CertificateFacts | undefined {
        const issuer = (this.bySubject.get(cert.node.issuer) ?? []).find((c) => !this.used.has(c) && isIssuedBy(cert, c));
        if (issuer) this.used.add(issuer);
        return issuer;
    }
}

/** Walks issuer links from the leaf through the given certificates. */
function orderFromLeaf(leaf: CertificateFacts, index: IssuerIndex): CertificateFacts[] {
    const ordered: CertificateFacts[] = [];
    for (let current = leaf; !current.selfIssued;) {
        const issuer = index.takeIssuerOf(current);
        if (!issuer) break;
        ordered.push(issuer);
        current = issuer;
    }
    return ordered;
}
