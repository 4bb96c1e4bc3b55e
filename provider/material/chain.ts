/**
 * Chain order and completeness: each certificate is issued by the next one,
 * the leaf is not repeated, nothing unrelated is included. When the chain is
 * complete but out of order, the message gives the right order.
 *
 * Cost is linear in the chain: every certificate was parsed once (the leaf by
 * readCertificate, the chain by node:crypto alone), candidates for an issuer are found through an index by
 * subject name, and each issuer link costs one name check (and, for the
 * order as given, one signature verification) — a 250-certificate chain
 * given root-first is ordered in ~250 name checks, not 250² parses.
 */
import { CertificateFacts, ChainCertificate, isIssuedBy } from "./certificate";
import { error, Problem } from "./problem";

/** Names listed in one message at most; a long chain's order is summarised. */
const MAX_NAMES_LISTED = 12;

export function checkChain(leaf: CertificateFacts, chain: ChainCertificate[]): Problem[] {
    if (chain.length === 0) return [];
    if (chain.some((c) => c.der.equals(leaf.der))) {
        return [
            error(
                "chainPem",
                "repeats the leaf certificate; chainPem holds only the intermediates (leaf's issuer first)",
            ),
        ];
    }
    const inOrder = [leaf, ...chain].every((cert, i, all) => i === all.length - 1 || isIssuedBy(cert, all[i + 1]));
    if (inOrder) return [];

    const index = new IssuerIndex(chain);
    const ordered = orderFromLeaf(leaf, index);
    const placed = new Set<ChainCertificate>(ordered);
    const unused = chain.filter((c) => !placed.has(c));
    const last: ChainCertificate = ordered.length > 0 ? ordered[ordered.length - 1] : leaf;
    if (unused.length === 0) {
        return [
            error(
                "chainPem",
                `is out of order; each certificate must be followed by its issuer. Put them in this order: ${listNames(ordered, ", then ")}`,
            ),
        ];
    }
    if (!last.selfIssued && !unused.some((c) => isIssuedBy(last, c))) {
        return [
            error(
                "chainPem",
                `does not contain the issuer of "${last.subject}" (issuer "${last.issuer}"); add that intermediate certificate`,
            ),
        ];
    }
    return [
        error(
            "chainPem",
            `holds certificates that are not part of the leaf's chain: ${listNames(unused, ", ")}; remove them`,
        ),
    ];
}

function listNames(certs: ChainCertificate[], separator: string): string {
    const shown = certs.slice(0, MAX_NAMES_LISTED).map((c) => `"${c.subject}"`);
    const more = certs.length - shown.length;
    return `${shown.join(separator)}${more > 0 ? ` (and ${more} more)` : ""}`;
}

/** The chain's certificates by subject name (node:crypto's rendering, the one checkIssued compares). */
class IssuerIndex {
    private readonly bySubject = new Map<string, ChainCertificate[]>();
    private readonly used = new Set<ChainCertificate>();

    constructor(pool: readonly ChainCertificate[]) {
        for (const cert of pool) {
            const same = this.bySubject.get(cert.node.subject);
            if (same) same.push(cert);
            else this.bySubject.set(cert.node.subject, [cert]);
        }
    }

    /**
     * An unused certificate whose name and key identifier make it the issuer of `cert`, taken out of the
     * pool. Signatures are not verified here: this only words the advice; the order the user then gives
     * is verified link by link.
     */
    takeIssuerOf(cert: ChainCertificate): ChainCertificate | undefined {
        const issuer = (this.bySubject.get(cert.node.issuer) ?? []).find(
            (c) => !this.used.has(c) && cert.node.checkIssued(c.node),
        );
        if (issuer) this.used.add(issuer);
        return issuer;
    }
}

/** Walks issuer links from the leaf through the given certificates. */
function orderFromLeaf(leaf: ChainCertificate, index: IssuerIndex): ChainCertificate[] {
    const ordered: ChainCertificate[] = [];
    for (let current = leaf; !current.selfIssued;) {
        const issuer = index.takeIssuerOf(current);
        if (!issuer) break;
        ordered.push(issuer);
        current = issuer;
    }
    return ordered;
}
