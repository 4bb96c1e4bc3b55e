/**
 * Full identity for tests (DESIGN.md §7), computed independently of the
 * provider: the leaf's SHA-256 and each chain certificate's SHA-256, in order,
 * from PEM text (state, inputs, ACM emulator) or from the Key Vault
 * emulator's stored PFX. Tests compare these, never serials alone.
 */
import { createHash, X509Certificate } from "node:crypto";
import type { CertificateSnapshot } from "../../testing/acm";
import type { VersionSummary } from "../../testing/keyvault/summaries";

export interface TestIdentity {
    leaf: string;
    chain: string[];
}

const sha256 = (der: Buffer): string => createHash("sha256").update(der).digest("hex");
const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The DER of each certificate in PEM text, in order (node:crypto parses each block). */
export const dersOf = (pem: string | undefined): Buffer[] =>
    (pem ?? "").match(PEM_CERT)?.map((block) => new X509Certificate(block).raw) ?? [];

export function pemIdentity(certificatePem: string, chainPem?: string): TestIdentity {
    const [leaf] = dersOf(certificatePem);
    return { leaf: sha256(leaf), chain: dersOf(chainPem).map(sha256) };
}

/** What the ACM emulator serves at an ARN: the leaf and chain as imported. */
export const acmLive = (cert: CertificateSnapshot): TestIdentity => pemIdentity(cert.certificatePem, cert.chainPem);

/** What a Key Vault version holds: the leaf and the chain inside its PFX. */
export const keyVaultLive = (version: VersionSummary): TestIdentity => ({
    leaf: version.fingerprintSha256Hex,
    chain: version.chainSha256Hex,
});

/** What state says: its fingerprint output must agree with its certificatePem, and its chainPem gives the chain. */
export function stateIdentity(outputs: Record<string, unknown>): TestIdentity & { fingerprintAgrees: boolean } {
    const id = pemIdentity(
        String(outputs.certificatePem),
        typeof outputs.chainPem === "string" ? outputs.chainPem : undefined,
    );
    const fingerprint = (typeof outputs.fingerprintSha256 === "string" ? outputs.fingerprintSha256 : "")
        .replace(/:/g, "")
        .toLowerCase();
    return { ...id, fingerprintAgrees: fingerprint === id.leaf };
}

/** SHA-256 over the chain DER concatenated in order, hex (the Key Vault chain digest tag). */
export const chainDigestOf = (chainPem: string | undefined): string => {
    const hash = createHash("sha256");
    for (const der of dersOf(chainPem)) hash.update(der);
    return hash.digest("hex");
};
