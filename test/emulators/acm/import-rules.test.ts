import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DescribeCertificateCommand, ImportCertificateCommand } from "@aws-sdk/client-acm";
import { startTestBed, assertAcmError, type TestBed } from "./test-bed";
import { createTestAuthority, createTestCertificate } from "../../../testing/pki";
import { encryptedPem, traditionalPem, type TestKeyType } from "../../../testing/pki";
import { utf8 } from "./acm-client";

const DAY = 24 * 3600_000;

void describe("ImportCertificate enforces ACM's import prerequisites", () => {
    let bed: TestBed;
    before(async () => {
        bed = await startTestBed();
    });
    after(() => bed.close());

    const importRaw = (certificatePem: string, privateKeyPem: string, chainPem?: string): Promise<unknown> =>
        bed.client.send(
            new ImportCertificateCommand({
                Certificate: utf8(certificatePem),
                PrivateKey: utf8(privateKeyPem),
                ...(chainPem === undefined ? {} : { CertificateChain: utf8(chainPem) }),
            }),
        );

    const accepted: TestKeyType[] = [
        "RSA_1024",
        "RSA_2048",
        "RSA_3072",
        "RSA_4096",
        "EC_prime256v1",
        "EC_secp384r1",
        "EC_secp521r1",
    ];
    for (const keyType of accepted) {
        void it(`accepts a ${keyType} certificate and reports KeyAlgorithm ${keyType}`, async () => {
            const certificate = await createTestCertificate({ keyType });
            const arn = await bed.importFresh(certificate);
            const { Certificate } = await bed.client.send(new DescribeCertificateCommand({ CertificateArn: arn }));
            assert.equal(Certificate?.KeyAlgorithm, keyType);
        });
    }

    for (const keyType of ["RSA_1536", "EC_secp256k1", "ED25519"] as const) {
        void it(`refuses a ${keyType} key as unsupported`, async () => {
            const certificate = await createTestCertificate({ keyType });
            await assertAcmError(
                importRaw(certificate.certificatePem, certificate.privateKeyPem),
                "ValidationException",
                "not supported",
            );
        });
    }

    void it("accepts keys in OpenSSL's traditional PKCS#1 and SEC1 forms", async () => {
        for (const keyType of ["RSA_2048", "EC_prime256v1"] as const) {
            const certificate = await createTestCertificate({ keyType });
            await importRaw(certificate.certificatePem, traditionalPem(certificate.key));
        }
    });

    void it("refuses an encrypted private key", async () => {
        const certificate = await createTestCertificate();
        await assertAcmError(
            importRaw(certificate.certificatePem, encryptedPem(certificate.key)),
            "ValidationException",
            "encrypted",
        );
    });

    void it("refuses a private key blob larger than 5,120 bytes before parsing it", async () => {
        const certificate = await createTestCertificate();
        const padded = certificate.privateKeyPem + "\n".repeat(5121 - Buffer.byteLength(certificate.privateKeyPem));
        await assertAcmError(
            importRaw(certificate.certificatePem, padded),
            "ValidationException",
            "less than or equal to 5120",
        );
    });

    void it("refuses a certificate that is not PEM and a Certificate field holding two certificates", async () => {
        const certificate = await createTestCertificate();
        await assertAcmError(importRaw("not a certificate", certificate.privateKeyPem), "ValidationException", "PEM");
        await assertAcmError(
            importRaw(certificate.certificatePem + certificate.certificatePem, certificate.privateKeyPem),
            "ValidationException",
            "more than one certificate",
        );
    });

    void it("refuses a private key that does not match the certificate", async () => {
        const certificate = await createTestCertificate({ keyType: "RSA_2048" });
        const other = await createTestCertificate({ keyType: "RSA_1024" });
        await assertAcmError(
            importRaw(certificate.certificatePem, other.privateKeyPem),
            "ValidationException",
            "does not match",
        );
    });

    void it("refuses an expired certificate and one not valid yet", async () => {
        const expired = await createTestCertificate({
            notBefore: new Date(Date.now() - 10 * DAY),
            notAfter: new Date(Date.now() - DAY),
        });
        await assertAcmError(
            importRaw(expired.certificatePem, expired.privateKeyPem),
            "ValidationException",
            "expired",
        );
        const future = await createTestCertificate({
            notBefore: new Date(Date.now() + DAY),
            notAfter: new Date(Date.now() + 10 * DAY),
        });
        await assertAcmError(
            importRaw(future.certificatePem, future.privateKeyPem),
            "ValidationException",
            "not in effect yet",
        );
    });

    void it("requires the leaf's issuer to be a certificate of the chain when a chain is given", async () => {
        const issuer = await createTestAuthority("Issuing CA");
        const stranger = await createTestAuthority("Unrelated CA");
        const leaf = await createTestCertificate({ issuer });
        await importRaw(leaf.certificatePem, leaf.privateKeyPem, issuer.chainPem);
        await assertAcmError(
            importRaw(leaf.certificatePem, leaf.privateKeyPem, stranger.chainPem),
            "ValidationException",
            "Could not validate the certificate with the certificate chain.",
        );
    });

    void it("finds the issuer anywhere in a two-level chain and ignores the chain of a self-signed leaf", async () => {
        const root = await createTestAuthority("Root CA");
        const intermediate = await createTestAuthority("Intermediate CA", "EC_prime256v1", root);
        const leaf = await createTestCertificate({ issuer: intermediate });
        await importRaw(leaf.certificatePem, leaf.privateKeyPem, root.certificatePem + intermediate.certificatePem);
        const selfSigned = await createTestCertificate();
        await importRaw(selfSigned.certificatePem, selfSigned.privateKeyPem, root.chainPem);
    });

    void it("refuses a chain that is not PEM", async () => {
        const certificate = await createTestCertificate();
        await assertAcmError(
            importRaw(certificate.certificatePem, certificate.privateKeyPem, "garbage"),
            "ValidationException",
            "chain",
        );
    });

    void it("refuses a certificate that names no domain", async () => {
        const certificate = await createTestCertificate({ commonName: null });
        await assertAcmError(
            importRaw(certificate.certificatePem, certificate.privateKeyPem),
            "ValidationException",
            "domain name",
        );
    });

    void it("answers a missing PrivateKey with the JSON framework's constraint message", async () => {
        const certificate = await createTestCertificate();
        await assertAcmError(
            bed.client.send(
                new ImportCertificateCommand({ Certificate: utf8(certificate.certificatePem), PrivateKey: undefined }),
            ),
            "ValidationException",
            "Value null at 'privateKey' failed to satisfy constraint: Member must not be null",
        );
    });

    void it("stores nothing when an import is refused", () => {
        const certificates = [...bed.emulator.certificates().values()];
        assert.ok(certificates.every((certificate) => certificate.importCount === 1));
        assert.ok(bed.emulator.calls().log.some((call) => call.outcome === "ValidationException"));
    });
});
