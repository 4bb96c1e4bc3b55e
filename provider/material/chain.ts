/**
 * Chain order and completeness: each certificate is issued by the next one,
 * the leaf is not repeated, nothing unrelated is included. When the chain is
 * complete but out of order, the message gives the right order.
 */
import { CertificateFacts, isIssuedBy } from "./certificate";
import { error, Problem } from "./problem";

export function checkChain(leaf: CertificateFacts, chain: CertificateFacts[]): Problem[] {
    if (chain.length === 0) return [];
    if (chain.some((c) => c.der.equals(leaf.der))) {
        return [error("chainPem", "repeats the leaf certificate; chainPem holds only the intermediates (leaf's issuer first)")];
    }
    const inOrder = [leaf, ...chain].every((cert, i, all) => i === all.length - 1 || isIssuedBy(cert, all[i + 1]));
    if (inOrder) return [];

    const ordered = orderFromLeaf(leaf, chain);
    const unused = chain.filter((c) => !ordered.includes(c));
    const last = ordered.length > 0 ? ordered[ordered.length - 1] : leaf;
    if (unused.length === 0) {
        const names = ordered.map((c) => `"${c.subject}"`).join(", then ");
        return [error("chainPem", `is out of order; each certificate must be followed by its issuer. Put them in this order: ${names}`)];
    }
    if (!last.selfIssued && !unused.some((c) => isIssuedBy(last, c))) {
        return [error("chainPem", `does not contain the issuer of "${last.subject}" (issuer "${last.issuer}"); add that intermediate certificate`)];
    }
    return [error("chainPem", `holds certificates that are not part of the leaf's chain: ${unused.map((c) => `"${c.subject}"`).join(", ")}; remove them`)];
}

/** Walks issuer links from the leaf through the given certificates. */
function orderFromLeaf(leaf: CertificateFacts, pool: CertificateFacts[]): CertificateFacts[] {
    const ordered: CertificateFacts[] = [];
    let current = leaf;
    for (;;) {
        if (current.selfIssued) return ordered;
        const issuer = pool.find((c) => !ordered.includes(c) && isIssuedBy(current, c));
        if (!issuer) return ordered;
        ordered.push(issuer);
        current = issuer;
    }
}
