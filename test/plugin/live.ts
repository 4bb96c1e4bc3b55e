/** What is live, compared by DER: leaf fingerprints and chains read from the emulators. */
import { createHash, X509Certificate } from "node:crypto";
import type { Hierarchy } from "../../testing/pki";

/** DER of every certificate in a PEM text, in order. */
export function ders(pem: string | undefined): Buffer[] {
    return (
        (pem ?? "")
            .match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)
            ?.map((block) => new X509Certificate(block).raw) ?? []
    );
}

/** SHA-256 of a certificate's DER as lowercase colon hex (certdeploy's `fingerprintSha256` form). */
export const fingerprintOf = (der: Buffer): string =>
    createHash("sha256").update(der).digest("hex").match(/../g)!.join(":");

export const leafFingerprint = (h: Hierarchy): string => fingerprintOf(Buffer.from(h.leaf.cert.rawData));

/** The hierarchy's chain (intermediate, root) as DER, for comparing with what a cloud returns. */
export const chainDers = (h: Hierarchy): Buffer[] => ders(h.chainPem);

export const sha1Hex = (h: Hierarchy): string =>
    createHash("sha1").update(Buffer.from(h.leaf.cert.rawData)).digest("hex");
