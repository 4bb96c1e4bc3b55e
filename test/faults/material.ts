/**
 * Certificates for the fault matrix and the secret audit: one root and
 * intermediate per run, a new leaf (EC P-256 unless asked otherwise) issued
 * at run time for every deployment.
 */
import { createHash } from "node:crypto";
import { issue, Issued, KeySpec } from "../../testing/pki";

export interface Leaf {
    certPem: string;
    keyPem: string;
    chainPem: string;
    /** Lowercase colon-hex, ACM's form. */
    serial: string;
    /** SHA-1 of the DER, uppercase hex (Key Vault's x5t). */
    thumbprint: string;
}

export const colonHex = (hex: string): string => (hex.length % 2 ? `0${hex}` : hex).match(/../g)!.join(":");

export class LeafIssuer {
    private constructor(
        private readonly intermediate: Issued,
        private readonly chainPem: string,
    ) {}

    static async start(): Promise<LeafIssuer> {
        const root = await issue({ cn: "certdeploy fault-matrix root", ca: true });
        const intermediate = await issue({ cn: "certdeploy fault-matrix intermediate", ca: true, issuer: root });
        return new LeafIssuer(intermediate, intermediate.certPem + root.certPem);
    }

    async leaf(cn = "api.example.com", key?: KeySpec): Promise<Leaf> {
        const issued = await issue({ cn, issuer: this.intermediate, key });
        return {
            certPem: issued.certPem,
            keyPem: issued.keyPem,
            chainPem: this.chainPem,
            serial: colonHex(issued.serial),
            thumbprint: createHash("sha1").update(Buffer.from(issued.cert.rawData)).digest("hex").toUpperCase(),
        };
    }
}
