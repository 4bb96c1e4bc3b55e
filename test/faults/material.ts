/**
 * Certificates for the fault matrix and the secret audit: one root and
 * intermediate per run, a new leaf (EC P-256 unless asked otherwise) issued
 * at run time for every deployment — or, for the identity rows, a renewal
 * that keeps the serial, the same leaf with another chain, or a serial whose
 * hex has only digits.
 */
import { createHash, randomInt } from "node:crypto";
import { issue, Issued, KeySpec } from "../../testing/pki";
import { pemIdentity, TestIdentity } from "../e2e/live-identity";

export interface Leaf {
    certPem: string;
    keyPem: string;
    chainPem: string;
    /** Lowercase colon-hex, ACM's form. */
    serial: string;
    /** SHA-1 of the DER, uppercase hex (Key Vault's x5t). */
    thumbprint: string;
    /** Leaf fingerprint and chain: what "the same certificate" means. */
    identity: TestIdentity;
}

/** How the next certificate of an identity row relates to the live one. */
export type Variant = "same serial" | "chain only" | "digit-only serial";

export const colonHex = (hex: string): string => (hex.length % 2 ? `0${hex}` : hex).match(/../g)!.join(":");

/** A serial whose hex is only digits (like OpenSSL's `echo 1000 > serial`), never mistaken for decimal. */
const digitOnlySerial = (): string => `1${Array.from({ length: 11 }, () => randomInt(10)).join("")}`;

export class LeafIssuer {
    private constructor(
        private readonly intermediate: Issued,
        private readonly fullChainPem: string,
    ) {}

    static async start(): Promise<LeafIssuer> {
        const root = await issue({ cn: "certdeploy fault-matrix root", ca: true });
        const intermediate = await issue({ cn: "certdeploy fault-matrix intermediate", ca: true, issuer: root });
        return new LeafIssuer(intermediate, intermediate.certPem + root.certPem);
    }

    async leaf(cn = "api.example.com", key?: KeySpec, serial?: string): Promise<Leaf> {
        const issued = await issue({ cn, issuer: this.intermediate, key, serial });
        return leafOf(issued.certPem, issued.keyPem, this.fullChainPem, issued.serial);
    }

    /** The next certificate for an identity row, related to `current` as the variant says. */
    async next(current: Leaf, variant: Variant | undefined, cn?: string): Promise<Leaf> {
        if (variant === "same serial") return this.leaf(cn, undefined, current.serial.replace(/:/g, ""));
        if (variant === "digit-only serial") return this.leaf(cn, undefined, digitOnlySerial());
        if (variant === "chain only") {
            // The same leaf and key; the chain gains (or loses) the root.
            const chain = current.chainPem === this.fullChainPem ? this.intermediate.certPem : this.fullChainPem;
            return leafOf(current.certPem, current.keyPem, chain, current.serial.replace(/:/g, ""));
        }
        return this.leaf(cn);
    }
}

function leafOf(certPem: string, keyPem: string, chainPem: string, serialHex: string): Leaf {
    const identity = pemIdentity(certPem, chainPem);
    const der = Buffer.from(certPem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64");
    return {
        certPem,
        keyPem,
        chainPem,
        serial: colonHex(serialHex.replace(/^0+(?=.)/, "")),
        thumbprint: createHash("sha1").update(der).digest("hex").toUpperCase(),
        identity,
    };
}

export const sameIdentity = (a: TestIdentity | undefined, b: TestIdentity | undefined): boolean =>
    a !== undefined &&
    b !== undefined &&
    a.leaf === b.leaf &&
    a.chain.length === b.chain.length &&
    a.chain.every((c, i) => c === b.chain[i]);
