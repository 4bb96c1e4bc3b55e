/**
 * Certificates to import in tests, generated in memory per run (never on disk).
 *
 *   const cert = await createTestCertificate({ commonName: "api.example.test" });
 *   cert.pfxBase64("pw")   // base64 PKCS#12 (RSA keys; built with node-forge)
 *   cert.pemBundle()       // PKCS#8 key + leaf + chain, for the PEM import path
 *   cert.x5tHex            // what Key Vault reports as the thumbprint, in hex
 */
import { createHash, createPrivateKey, randomBytes, webcrypto } from "node:crypto";
import "reflect-metadata"; // @peculiar/x509 (tsyringe) needs it loaded first
import * as x509 from "@peculiar/x509";
import * as forge from "node-forge";

x509.cryptoProvider.set(webcrypto); // x509 types use DOM crypto types, absent from this build (see tls/testCa.ts)

type Keys = webcrypto.CryptoKeyPair;

const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const EC = { name: "ECDSA", namedCurve: "P-256" };
const DAY_MS = 86_400_000;

export type TestKeyType = "RSA" | "EC";

export interface TestCertificateOptions {
    commonName?: string;
    dnsNames?: string[];
    keyType?: TestKeyType;
    notBefore?: Date;
    notAfter?: Date;
}

export interface TestCertificate {
    readonly commonName: string;
    readonly certificatePem: string;
    /** Intermediate CA certificate(s), PEM. */
    readonly chainPem: string;
    readonly privateKeyPkcs8Pem: string;
    /** `BEGIN RSA PRIVATE KEY` / `BEGIN EC PRIVATE KEY`: what Key Vault's PEM import refuses. */
    readonly privateKeyLegacyPem: string;
    readonly leafDer: Buffer;
    readonly x5tHex: string;
    readonly serialHex: string;
    readonly keyType: TestKeyType;
    /** Base64 PKCS#12 of key + leaf + chain; RSA only (node-forge cannot write EC keys). */
    pfxBase64(password?: string): string;
    /** PKCS#8 key, leaf and chain in one PEM text. */
    pemBundle(keyPem?: string): string;
}

interface Issuer {
    keys: Keys;
    cert: x509.X509Certificate;
}

let sharedIssuer: Promise<Issuer> | undefined;

function serial(): string {
    const b = randomBytes(16);
    b[0] = (b[0] & 0x7f) | 0x10; // positive and without a leading zero byte
    return b.toString("hex");
}

async function createIssuer(): Promise<Issuer> {
    const keys = await webcrypto.subtle.generateKey(RSA, true, ["sign", "verify"]);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: serial(),
        name: `CN=certdeploy test issuing CA ${serial().slice(0, 8)}`,
        notBefore: new Date(Date.now() - DAY_MS),
        notAfter: new Date(Date.now() + 30 * DAY_MS),
        keys,
        signingAlgorithm: RSA,
        extensions: [
            new x509.BasicConstraintsExtension(true, 0, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
            await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        ],
    });
    return { keys, cert };
}

export async function createTestCertificate(options: TestCertificateOptions = {}): Promise<TestCertificate> {
    sharedIssuer ??= createIssuer();
    const issuer = await sharedIssuer;
    const keyType = options.keyType ?? "RSA";
    const commonName = options.commonName ?? `app-${serial().slice(0, 6)}.certdeploy.test`;
    const dnsNames = options.dnsNames ?? [commonName];
    const keys = await webcrypto.subtle.generateKey(keyType === "RSA" ? RSA : EC, true, ["sign", "verify"]);
    const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: `CN=${commonName}`,
        issuer: issuer.cert.subject,
        notBefore: options.notBefore ?? new Date(Date.now() - DAY_MS),
        notAfter: options.notAfter ?? new Date(Date.now() + 7 * DAY_MS),
        publicKey: keys.publicKey,
        signingKey: issuer.keys.privateKey,
        signingAlgorithm: RSA,
        extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
            new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
            new x509.SubjectAlternativeNameExtension(dnsNames.map((value) => ({ type: "dns" as const, value }))),
            await x509.AuthorityKeyIdentifierExtension.create(issuer.cert),
        ],
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
    const privateKeyPkcs8Pem = x509.PemConverter.encode(pkcs8, "PRIVATE KEY");
    const keyObject = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
    const privateKeyLegacyPem = keyObject.export({ type: keyType === "RSA" ? "pkcs1" : "sec1", format: "pem" }).toString();
    const certificatePem = leaf.toString("pem");
    const chainPem = issuer.cert.toString("pem");
    const leafDer = Buffer.from(leaf.rawData);

    return {
        commonName,
        certificatePem,
        chainPem,
        privateKeyPkcs8Pem,
        privateKeyLegacyPem,
        leafDer,
        x5tHex: createHash("sha1").update(leafDer).digest("hex"),
        serialHex: leaf.serialNumber.toLowerCase().replace(/^0+(?=.)/, ""),
        keyType,
        pfxBase64(password?: string): string {
            if (keyType !== "RSA") throw new Error("pfxBase64: node-forge writes RSA keys only");
            const p12 = forge.pkcs12.toPkcs12Asn1(
                forge.pki.privateKeyFromPem(privateKeyPkcs8Pem),
                [forge.pki.certificateFromPem(certificatePem), forge.pki.certificateFromPem(chainPem)],
                password ?? null,
                { algorithm: "aes256", friendlyName: commonName },
            );
            return Buffer.from(forge.asn1.toDer(p12).getBytes(), "binary").toString("base64");
        },
        pemBundle(keyPem = privateKeyPkcs8Pem): string {
            return `${keyPem.trim()}\n${certificatePem.trim()}\n${chainPem.trim()}\n`;
        },
    };
}
