/**
 * Builds the PKCS#12 (PFX) that Key Vault imports, in memory, with pkijs:
 * a key bag (PKCS#8), certificate bags for the leaf and chain, and a SHA-256
 * MAC under a random per-import password sent with the import. PFX is the
 * service's default import format; the SDK's PEM path drops the content type
 * (DESIGN.md §6). The key bag is not separately encrypted: the PFX exists only
 * in memory and inside the TLS request that also carries its password, so a
 * shrouded bag would add nothing. Nothing touches the disk.
 */
import { randomBytes, webcrypto } from "node:crypto";
import * as pkijs from "pkijs";
import { noteSecret } from "../redaction/secrets-in-play";

const KEY_BAG = "1.2.840.113549.1.12.10.1.1";
const CERT_BAG = "1.2.840.113549.1.12.10.1.3";
const ITERATIONS = 10_000;

let engineSet = false;
function useNodeCrypto(): void {
    if (engineSet) return;
    pkijs.setEngine("node-webcrypto", new pkijs.CryptoEngine({ name: "node-webcrypto", crypto: webcrypto }));
    engineSet = true;
}

export interface Pfx {
    bytes: Uint8Array;
    password: string;
}

/** `pkcs8Der`: the unencrypted PKCS#8 key; `certificatesDer`: leaf first, then the chain. */
export async function buildPfx(pkcs8Der: Buffer, certificatesDer: Buffer[]): Promise<Pfx> {
    useNodeCrypto();
    const password = randomBytes(24).toString("base64url");
    const passwordBuffer = new Uint8Array(Buffer.from(password, "utf8")).buffer;
    const keyBag = pkijs.PrivateKeyInfo.fromBER(toArrayBuffer(pkcs8Der));
    const certBags = certificatesDer.map(
        (der) =>
            new pkijs.SafeBag({
                bagId: CERT_BAG,
                bagValue: new pkijs.CertBag({ parsedValue: pkijs.Certificate.fromBER(toArrayBuffer(der)) }),
            }),
    );
    const pfx = new pkijs.PFX({
        parsedValue: {
            integrityMode: 0, // password-based integrity (MAC)
            authenticatedSafe: new pkijs.AuthenticatedSafe({
                parsedValue: {
                    safeContents: [
                        {
                            privacyMode: 0,
                            value: new pkijs.SafeContents({
                                safeBags: [new pkijs.SafeBag({ bagId: KEY_BAG, bagValue: keyBag })],
                            }),
                        },
                        { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: certBags }) },
                    ],
                },
            }),
        },
    });
    const authenticatedSafe = pfx.parsedValue?.authenticatedSafe;
    if (!authenticatedSafe) throw new Error("PFX has no authenticated safe");
    await authenticatedSafe.makeInternalValues({ safeContents: [{}, {}] });
    await pfx.makeInternalValues({
        password: passwordBuffer,
        iterations: ITERATIONS,
        pbkdf2HashAlgorithm: "SHA-256",
        hmacHashAlgorithm: "SHA-256",
    });
    const bytes = new Uint8Array(pfx.toSchema().toBER(false));
    // Its key bag is not encrypted: the PFX and its password are secrets of this deployment.
    noteSecret(bytes);
    noteSecret(password);
    return { bytes, password };
}

const toArrayBuffer = (buf: Buffer): ArrayBuffer => new Uint8Array(buf).buffer;
