/**
 * A throw-away certificate authority for loopback TLS.
 *
 * Everything is generated in memory at start (ECDSA P-256, fast to create);
 * only the CA *certificate* ever leaves the process (NODE_EXTRA_CA_CERTS).
 * Leaf certificates are issued per hostname on demand and cached.
 *
 *   const ca = await createTestCa();
 *   const ctx = await ca.secureContextFor("myvault.vault.azure.net");
 *   ca.certificatePem  // "-----BEGIN CERTIFICATE-----\n..."
 */
import { webcrypto, randomBytes } from "node:crypto";
import { isIP } from "node:net";
import * as tls from "node:tls";
import "reflect-metadata"; // @peculiar/x509 (tsyringe) needs it loaded first
import * as x509 from "@peculiar/x509";

// @peculiar/x509 declares its keys with the DOM crypto types, which this build (lib ES2022, no DOM) does not load.
x509.cryptoProvider.set(webcrypto);

const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGN_SHA256 = { name: "ECDSA", hash: "SHA-256" } as const;
const HOUR_MS = 3_600_000;

/** A server certificate and its key, both PEM; the key never leaves memory. */
export interface IssuedServerCertificate {
    certificatePem: string;
    privateKeyPem: string;
}

export interface TestCa {
    /** PEM of the CA certificate: the only thing a client needs to trust us. */
    readonly certificatePem: string;
    /** Issue a serverAuth leaf for DNS names and/or IP addresses. */
    issueServerCertificate(hostnames: readonly string[]): Promise<IssuedServerCertificate>;
    /** Cached TLS context for one hostname (or IP), issued on first use. */
    secureContextFor(hostname: string): Promise<tls.SecureContext>;
}

export interface TestCaOptions {
    commonName?: string;
    /** Leaf and CA validity from now; default 24 hours. */
    validityHours?: number;
}

function randomSerialHex(): string {
    const bytes = randomBytes(16);
    bytes[0] = bytes[0] & 0x7f; // positive INTEGER
    return bytes.toString("hex");
}

async function privateKeyToPem(key: webcrypto.CryptoKey): Promise<string> {
    const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", key);
    return x509.PemConverter.encode(pkcs8, "PRIVATE KEY");
}

async function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
    return webcrypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
}

export async function createTestCa(options: TestCaOptions = {}): Promise<TestCa> {
    const validityMs = (options.validityHours ?? 24) * HOUR_MS;
    const notBefore = new Date(Date.now() - HOUR_MS);
    const notAfter = new Date(Date.now() + validityMs);
    const caKeys = await generateKeys();
    const caName = `CN=${options.commonName ?? "certdeploy test CA"} ${randomSerialHex().slice(0, 8)}, O=certdeploy tests`;
    const caCert = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: randomSerialHex(),
        name: caName,
        notBefore,
        notAfter,
        signingAlgorithm: SIGN_SHA256,
        keys: caKeys,
        extensions: [
            new x509.BasicConstraintsExtension(true, 0, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
            await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
        ],
    });
    const certificatePem = caCert.toString("pem");
    const contexts = new Map<string, Promise<tls.SecureContext>>();

    async function issueServerCertificate(hostnames: readonly string[]): Promise<IssuedServerCertificate> {
        if (hostnames.length === 0) throw new Error("issueServerCertificate needs at least one hostname");
        const keys = await generateKeys();
        const names = hostnames.map((h) => ({ type: isIP(h) ? ("ip" as const) : ("dns" as const), value: h }));
        const leaf = await x509.X509CertificateGenerator.create({
            serialNumber: randomSerialHex(),
            subject: `CN=${hostnames[0]}`,
            issuer: caCert.subject,
            notBefore,
            notAfter,
            signingAlgorithm: SIGN_SHA256,
            publicKey: keys.publicKey,
            signingKey: caKeys.privateKey,
            extensions: [
                new x509.BasicConstraintsExtension(false, undefined, true),
                new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
                new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
                new x509.SubjectAlternativeNameExtension(names),
                await x509.AuthorityKeyIdentifierExtension.create(caCert),
            ],
        });
        return { certificatePem: leaf.toString("pem"), privateKeyPem: await privateKeyToPem(keys.privateKey) };
    }

    function secureContextFor(hostname: string): Promise<tls.SecureContext> {
        const key = hostname.toLowerCase();
        let context = contexts.get(key);
        if (!context) {
            context = issueServerCertificate([key]).then((issued) => createSecureContextFrom(issued, certificatePem));
            contexts.set(key, context);
        }
        return context;
    }

    return { certificatePem, issueServerCertificate, secureContextFor };
}

/** TLS context serving the leaf plus the CA (so clients see the full chain). */
export function createSecureContextFrom(issued: IssuedServerCertificate, caPem: string): tls.SecureContext {
    return tls.createSecureContext({ cert: `${issued.certificatePem}\n${caPem}`, key: issued.privateKeyPem });
}
