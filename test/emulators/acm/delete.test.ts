import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DeleteCertificateCommand, DescribeCertificateCommand } from "@aws-sdk/client-acm";
import { startTestBed, assertAcmError, type TestBed } from "./test-bed";
import { createTestCertificate } from "../../../testing/pki";

void describe("DeleteCertificate", () => {
    let bed: TestBed;
    before(async () => {
        bed = await startTestBed();
    });
    after(() => bed.close());

    void it("refuses to delete a certificate in use, and deletes it once detached", async () => {
        const arn = await bed.importFresh(await createTestCertificate());
        bed.emulator.setInUseBy(arn, ["arn:aws:cloudfront::123456789012:distribution/E1"]);
        await assertAcmError(
            bed.client.send(new DeleteCertificateCommand({ CertificateArn: arn })),
            "ResourceInUseException",
        );
        assert.ok(bed.emulator.certificates().has(arn));

        bed.emulator.setInUseBy(arn, []);
        await bed.client.send(new DeleteCertificateCommand({ CertificateArn: arn }));
        assert.equal(bed.emulator.certificates().has(arn), false);
        await assertAcmError(
            bed.client.send(new DescribeCertificateCommand({ CertificateArn: arn })),
            "ResourceNotFoundException",
            arn,
        );
        await assertAcmError(
            bed.client.send(new DeleteCertificateCommand({ CertificateArn: arn })),
            "ResourceNotFoundException",
        );
    });

    void it("refuses setInUseBy for an ARN it does not hold", () => {
        assert.throws(
            () => bed.emulator.setInUseBy("arn:aws:acm:us-east-1:123456789012:certificate/none", ["x"]),
            /Could not find certificate/,
        );
    });
});
