import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
    DescribeCertificateCommand,
    ImportCertificateCommand,
    ListTagsForCertificateCommand,
} from "@aws-sdk/client-acm";
import { startTestBed, assertAcmError, type TestBed } from "./test-bed";
import { ExtendedKeyUsage, KeyUsageFlags, createTestCertificate, type TestCertificate } from "../../../testing/pki";
import { utf8 } from "./acm-client";
import { AcmServiceError } from "../../../testing/acm/index";

void describe("ImportCertificate with CertificateArn follows ACM's re-import rules", () => {
    let bed: TestBed;
    before(async () => {
        bed = await startTestBed();
    });
    after(() => bed.close());

    const reimportWith = (
        arn: string,
        certificate: TestCertificate,
        extra: { Tags?: { Key: string; Value?: string }[] } = {},
    ): Promise<unknown> =>
        bed.client.send(
            new ImportCertificateCommand({
                CertificateArn: arn,
                Certificate: utf8(certificate.certificatePem),
                PrivateKey: utf8(certificate.privateKeyPem),
                ...extra,
            }),
        );

    void it("keeps the ARN, its tags and associations, and makes the new serial live", async () => {
        const first = await createTestCertificate();
        const arn = await bed.importFresh(first, [{ Key: "env", Value: "prod" }]);
        bed.emulator.setInUseBy(arn, ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1"]);
        const second = await createTestCertificate();
        await bed.reimport(arn, second);

        const { Certificate } = await bed.client.send(new DescribeCertificateCommand({ CertificateArn: arn }));
        assert.equal(Certificate?.Serial, second.serial);
        assert.equal(Certificate?.InUseBy?.length, 1);
        const { Tags } = await bed.client.send(new ListTagsForCertificateCommand({ CertificateArn: arn }));
        assert.deepEqual(Tags, [{ Key: "env", Value: "prod" }]);
        const live = bed.emulator.certificates().get(arn);
        assert.equal(live?.importCount, 2);
        assert.deepEqual(live?.serialHistory, [first.serial, second.serial]);
    });

    void it("refuses Tags on re-import, even an empty list", async () => {
        const certificate = await createTestCertificate();
        const arn = await bed.importFresh(certificate);
        for (const Tags of [[{ Key: "env", Value: "prod" }], []]) {
            await assertAcmError(
                reimportWith(arn, certificate, { Tags }),
                "ValidationException",
                "Tagging is not permitted on re-import.",
            );
        }
        assert.equal(bed.emulator.certificates().get(arn)?.importCount, 1);
    });

    void it("answers ResourceNotFoundException for an unknown ARN and InvalidArnException for a malformed one", async () => {
        const certificate = await createTestCertificate();
        await assertAcmError(
            reimportWith(
                "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
                certificate,
            ),
            "ResourceNotFoundException",
            "Could not find certificate",
        );
        await assertAcmError(reimportWith("not-an-arn", certificate), "InvalidArnException");
    });

    void it("refuses to re-import onto a certificate ACM issued", async () => {
        const issued = await createTestCertificate();
        const arn = bed.emulator.seedAmazonIssued(issued.certificatePem);
        await assertAcmError(reimportWith(arn, issued), "ValidationException", "not an imported certificate");
    });

    void it("refuses a change of key type or key size", async () => {
        const arn = await bed.importFresh(await createTestCertificate({ keyType: "RSA_2048" }));
        await assertAcmError(
            reimportWith(arn, await createTestCertificate({ keyType: "EC_prime256v1" })),
            "ValidationException",
            "key type and size",
        );
        await assertAcmError(
            reimportWith(arn, await createTestCertificate({ keyType: "RSA_3072" })),
            "ValidationException",
            "key type and size",
        );
    });

    void it("refuses to remove a Key Usage value but accepts an added one", async () => {
        const both = KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment;
        const arn = await bed.importFresh(await createTestCertificate({ keyUsages: both }));
        await assertAcmError(
            reimportWith(arn, await createTestCertificate({ keyUsages: KeyUsageFlags.digitalSignature })),
            "ValidationException",
            "Key Usages",
        );
        await reimportWith(arn, await createTestCertificate({ keyUsages: both | KeyUsageFlags.keyAgreement }));
    });

    void it("refuses to remove an Extended Key Usage value except ClientAuth", async () => {
        const arn = await bed.importFresh(
            await createTestCertificate({
                extendedKeyUsages: [
                    ExtendedKeyUsage.serverAuth,
                    ExtendedKeyUsage.clientAuth,
                    ExtendedKeyUsage.codeSigning,
                ],
            }),
        );
        await assertAcmError(
            reimportWith(
                arn,
                await createTestCertificate({
                    extendedKeyUsages: [ExtendedKeyUsage.serverAuth, ExtendedKeyUsage.clientAuth],
                }),
            ),
            "ValidationException",
            "New certificate is missing one or more Extended Key Usages supported by the currently imported certificate",
        );
        await reimportWith(
            arn,
            await createTestCertificate({
                extendedKeyUsages: [ExtendedKeyUsage.serverAuth, ExtendedKeyUsage.codeSigning],
            }),
        );
    });

    void it("refuses a certificate without any domain name and accepts other domain names", async () => {
        const arn = await bed.importFresh(await createTestCertificate({ commonName: "a.example.com" }));
        await assertAcmError(
            reimportWith(arn, await createTestCertificate({ commonName: null })),
            "ValidationException",
            "domain name",
        );
        await reimportWith(
            arn,
            await createTestCertificate({
                commonName: "b.example.com",
                subjectAltNames: ["b.example.com", "c.example.com"],
            }),
        );
        const { Certificate } = await bed.client.send(new DescribeCertificateCommand({ CertificateArn: arn }));
        assert.deepEqual(Certificate?.SubjectAlternativeNames, ["b.example.com", "c.example.com"]);
    });

    void it("putOutOfBand re-imports like someone outside Pulumi: rules apply, no call is logged", async () => {
        const arn = await bed.importFresh(await createTestCertificate());
        bed.emulator.resetCalls();
        const drifted = await createTestCertificate();
        bed.emulator.putOutOfBand(arn, drifted.certificatePem, drifted.privateKeyPem);
        assert.equal(bed.emulator.certificates().get(arn)?.serial, drifted.serial);
        assert.equal(bed.emulator.calls().log.length, 0);
        const otherType = await createTestCertificate({ keyType: "EC_secp384r1" });
        assert.throws(
            () => bed.emulator.putOutOfBand(arn, otherType.certificatePem, otherType.privateKeyPem),
            (error: unknown) => AcmServiceError.isInstance(error) && error.exceptionName === "ValidationException",
        );
    });
});

void describe("re-import with dropTagsOnReimport (moto's behaviour)", () => {
    let bed: TestBed;
    before(async () => {
        bed = await startTestBed({ dropTagsOnReimport: true });
    });
    after(() => bed.close());

    void it("empties the tags of the re-imported certificate", async () => {
        const arn = await bed.importFresh(await createTestCertificate(), [{ Key: "env", Value: "prod" }]);
        await bed.reimport(arn, await createTestCertificate());
        const { Tags } = await bed.client.send(new ListTagsForCertificateCommand({ CertificateArn: arn }));
        assert.deepEqual(Tags, []);
    });
});
