import type { X509Certificate } from "node:crypto";

/**
 * True when the certificate names itself as issuer and its own key verifies its signature.
 * (Not checkIssued: OpenSSL also wants keyCertSign there, which a self-signed server certificate lacks.)
 */
export function isSelfSigned(certificate: X509Certificate): boolean {
    return certificate.subject === certificate.issuer && certificate.verify(certificate.publicKey);
}

/**
 * The chain certificate that issued the leaf: its subject is the leaf's issuer (OpenSSL's
 * X509_check_issued) and its key verifies the leaf's signature. Undefined when none does.
 * "Each certificate in the chain must directly certify the one preceding."
 * (docs.aws.amazon.com/acm/latest/userguide/troubleshoot-import.html)
 */
export function findIssuerInChain(
    leaf: X509Certificate,
    chain: readonly X509Certificate[],
): X509Certificate | undefined {
    return chain.find((candidate) => leaf.checkIssued(candidate) && leaf.verify(candidate.publicKey));
}
