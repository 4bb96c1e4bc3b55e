import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DescribeCertificateCommand, GetCertificateCommand } from "@aws-sdk/client-acm";
import { startTestBed, assertAcmError, type TestBed } from "./test-bed";
import { createTestAuthority, createTestCertificate } from "../../../testing/pki";
import { acmClientFor } from "./acm-client";

const DAY = 24 * 3600_000;

void describe("DescribeCertificate and GetCertificate report the live certificate as ACM does", () => {
    let bed: TestBed;
    let now = new Date();
    before(async () => {
        bed = await startTestBed({ clock: () => now });
    });
    after(() => bed.close());

    void it("describes an imported certificate with ACM's field forms", async () => {
        const issuer = await createTestAuthority("Example Issuing CA");
        const certificate = await createTestCertificate({
            issuer,
            serialNumber: "00a1b2c3",
            commonName: "api.example.com",
            subjectAltNames: ["api.example.com", "www.example.com"],
        });
        const arn = await bed.importFresh(certificate);
        const { Certificate } = await bed.client.send(new DescribeCertificateCommand({ CertificateArn: arn }));
        assert.match(arn, /^arn:aws:acm:us-east-1:123456789012:certificate\/[0-9a-f-]{36}$/);
        assert.equal(Certificate?.Serial, "a1:b2:c3");
        assert.equal(Certificate?.DomainName, "api.example.com");
        assert.deepEqual(Certificate?.SubjectAlternativeNames, ["api.example.com", "www.example.com"]);
        assert.equal(Certificate?.Subject, "CN=api.example.com");
        assert.equal(Certificate?.Issuer, "Example Issuing CA");
        assert.equal(Certificate?.Status, "ISSUED");
        assert.equal(Certificate?.Type, "IMPORTED");
        assert.equal(Certificate?.RenewalEligibility, "INELIGIBLE");
        assert.equal(Certificate?.SignatureAlgorithm, "SHA256WITHRSA");
        assert.deepEqual(Certificate?.KeyUsages, [{ Name: "DIGITAL_SIGNATURE" }, { Name: "KEY_ENCIPHERMENT" }]);
        assert.deepEqual(Certificate?.ExtendedKeyUsages, [
            { Name: "TLS_WEB_SERVER_AUTHENTICATION", OID: "1.3.6.1.5.5.7.3.1" },
            { Name: "TLS_WEB_CLIENT_AUTHENTICATION", OID: "1.3.6.1.5.5.7.3.2" },
        ]);
        // Epoch seconds on the wire, parsed by the SDK into Dates.
        assert.ok(Certificate?.ImportedAt instanceof Date);
        assert.ok(Certificate?.NotBefore instanceof Date && Certificate.NotAfter instanceof Date);
        assert.equal(Certificate?.CreatedAt, undefined);

        const got = await bed.client.send(new GetCertificateCommand({ CertificateArn: arn }));
        assert.equal(got.Certificate, certificate.certificatePem);
        assert.equal(got.CertificateChain, issuer.chainPem);
    });

    void it("names EC keys in the SDK's enum form and, when asked, in the hyphenated form", async () => {
        const arns = new Map<string, string>();
        for (const keyType of ["EC_prime256v1", "EC_secp384r1", "EC_secp521r1", "RSA_2048"] as const) {
            arns.set(keyType, await bed.importFresh(await createTestCertificate({ keyType })));
        }
        const describeKey = async (arn: string): Promise<string | undefined> =>
            (await bed.client.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate?.KeyAlgorithm;
        for (const [keyType, arn] of arns) assert.equal(await describeKey(arn), keyType);
        bed.emulator.setKeyAlgorithmStyle("hyphenated");
        assert.equal(await describeKey(arns.get("RSA_2048") ?? ""), "RSA-2048");
        assert.equal(await describeKey(arns.get("EC_prime256v1") ?? ""), "EC-prime256v1");
        bed.emulator.setKeyAlgorithmStyle("enum");
    });

    void it("omits CertificateChain for a certificate imported without one", async () => {
        const arn = await bed.importFresh(await createTestCertificate());
        const got = await bed.client.send(new GetCertificateCommand({ CertificateArn: arn }));
        assert.equal(got.CertificateChain, undefined);
    });

    void it("reports EXPIRED once the emulator's clock passes NotAfter", async () => {
        const arn = await bed.importFresh(await createTestCertificate({ notAfter: new Date(Date.now() + DAY) }));
        now = new Date(Date.now() + 2 * DAY);
        try {
            const { Certificate } = await bed.client.send(new DescribeCertificateCommand({ CertificateArn: arn }));
            assert.equal(Certificate?.Status, "EXPIRED");
        } finally {
            now = new Date();
        }
    });

    void it("does not show a certificate to another region's endpoint", async () => {
        const arn = await bed.importFresh(await createTestCertificate());
        const elsewhere = acmClientFor(bed.emulator, { region: "eu-west-1" });
        try {
            await assertAcmError(
                elsewhere.send(new DescribeCertificateCommand({ CertificateArn: arn })),
                "ResourceNotFoundException",
            );
        } finally {
            elsewhere.destroy();
        }
        assert.equal(bed.emulator.certificates().get(arn)?.region, "us-east-1");
    });

    void it("answers InvalidArnException for a malformed ARN", async () => {
        await assertAcmError(
            bed.client.send(new GetCertificateCommand({ CertificateArn: "certificate/123" })),
            "InvalidArnException",
        );
    });
});
