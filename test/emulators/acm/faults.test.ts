import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
    DescribeCertificateCommand,
    ListTagsForCertificateCommand,
    ListCertificatesCommand,
} from "@aws-sdk/client-acm";
import { startTestBed, assertAcmError, type TestBed } from "./test-bed";
import { createTestCertificate, type TestCertificate } from "../../../testing/pki";

void describe("injected faults hit the calls they name, as often as told", () => {
    let bed: TestBed;
    let certificate: TestCertificate;
    before(async () => {
        bed = await startTestBed();
        certificate = await createTestCertificate();
    });
    beforeEach(() => bed.emulator.clearFaults());
    after(() => bed.close());

    const describeSerial = async (arn: string): Promise<string | undefined> =>
        (await bed.client.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate?.Serial;

    void it("throttle answers ThrottlingException once by default, then lets calls through", async () => {
        const arn = await bed.importFresh(certificate);
        const fault = bed.emulator.injectFault({ operation: "DescribeCertificate", kind: "throttle" });
        await assertAcmError(describeSerial(arn), "ThrottlingException", "Rate exceeded");
        assert.equal(await describeSerial(arn), certificate.serial);
        assert.equal(fault.hits, 1);
        assert.equal(fault.exhausted, true);
    });

    void it("internal answers HTTP 500 InternalFailure", async () => {
        bed.emulator.injectFault({ operation: "ListCertificates", kind: "internal" });
        await assert.rejects(
            bed.client.send(new ListCertificatesCommand({})),
            (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
                assert.equal(error.name, "InternalFailure");
                assert.equal(error.$metadata?.httpStatusCode, 500);
                return true;
            },
        );
    });

    void it("accessDenied names the IAM action and resource as AWS does", async () => {
        bed.emulator.injectFault({ operation: "ImportCertificate", kind: "accessDenied" });
        await assertAcmError(
            bed.importFresh(certificate),
            "AccessDeniedException",
            "User: arn:aws:iam::123456789012:user/test is not authorized to perform: acm:ImportCertificate on resource: arn:aws:acm:us-east-1:123456789012:certificate/*",
        );
    });

    void it("latency delays the hit call by latencyMs", async () => {
        const arn = await bed.importFresh(certificate);
        bed.emulator.injectFault({ operation: "DescribeCertificate", kind: "latency", latencyMs: 300 });
        const started = Date.now();
        await describeSerial(arn);
        assert.ok(Date.now() - started >= 290, "the call was not delayed");
        const again = Date.now();
        await describeSerial(arn);
        assert.ok(Date.now() - again < 250, "only one call was meant to be delayed");
    });

    void it("reset destroys the connection without an answer and changes nothing", async () => {
        const before = bed.emulator.certificates().size;
        bed.emulator.injectFault({ operation: "ImportCertificate", kind: "reset" });
        await assert.rejects(bed.importFresh(certificate));
        assert.equal(bed.emulator.certificates().size, before);
        assert.equal(bed.emulator.calls().log.at(-1)?.outcome, "reset");
    });

    void it("reset with applied: true imports, then loses the answer (the duplicate-ARN case)", async () => {
        const before = bed.emulator.certificates().size;
        bed.emulator.injectFault({ operation: "ImportCertificate", kind: "reset", applied: true });
        await assert.rejects(bed.importFresh(certificate));
        assert.equal(bed.emulator.certificates().size, before + 1);
        const last = bed.emulator.calls().log.at(-1);
        assert.equal(last?.outcome, "reset");
        assert.ok(last?.arn !== undefined && bed.emulator.certificates().has(last.arn));
    });

    void it("afterCalls lets the first calls through: afterCalls 1 fails the second import", async () => {
        bed.emulator.injectFault({ operation: "ImportCertificate", kind: "internal", afterCalls: 1 });
        await bed.importFresh(certificate);
        await assert.rejects(bed.importFresh(certificate), { name: "InternalFailure" });
        await bed.importFresh(certificate);
    });

    void it("times: Infinity hits every call until clearFaults", async () => {
        const arn = await bed.importFresh(certificate);
        const fault = bed.emulator.injectFault({
            operation: "ListTagsForCertificate",
            kind: "throttle",
            times: Infinity,
        });
        for (let i = 0; i < 3; i++) {
            await assertAcmError(
                bed.client.send(new ListTagsForCertificateCommand({ CertificateArn: arn })),
                "ThrottlingException",
            );
        }
        assert.equal(fault.hits, 3);
        bed.emulator.clearFaults();
        await bed.client.send(new ListTagsForCertificateCommand({ CertificateArn: arn }));
    });

    void it("operation '*' hits whichever operation comes next", async () => {
        bed.emulator.injectFault({ operation: "*", kind: "accessDenied" });
        await assertAcmError(
            bed.client.send(new ListCertificatesCommand({})),
            "AccessDeniedException",
            "acm:ListCertificates on resource: *",
        );
    });

    void it("ackNotApplied on a fresh import returns an ARN that was never stored", async () => {
        bed.emulator.injectFault({ operation: "ImportCertificate", kind: "ackNotApplied" });
        const arn = await bed.importFresh(certificate);
        assert.equal(bed.emulator.certificates().has(arn), false);
        await assertAcmError(describeSerial(arn), "ResourceNotFoundException");
    });

    void it("ackNotApplied on a re-import answers success and leaves the stored certificate unchanged", async () => {
        const arn = await bed.importFresh(certificate);
        bed.emulator.injectFault({ operation: "ImportCertificate", kind: "ackNotApplied" });
        await bed.reimport(arn, await createTestCertificate());
        assert.equal(await describeSerial(arn), certificate.serial);
        assert.equal(bed.emulator.certificates().get(arn)?.importCount, 1);
    });

    void it("ackNotApplied still refuses what ACM would refuse", async () => {
        const arn = await bed.importFresh(certificate);
        bed.emulator.injectFault({ operation: "ImportCertificate", kind: "ackNotApplied" });
        await assertAcmError(
            bed.reimport(arn, await createTestCertificate({ keyType: "EC_prime256v1" })),
            "ValidationException",
        );
    });

    void it("staleDescribe shows the previous serial once after a re-import", async () => {
        const arn = await bed.importFresh(certificate);
        const next = await createTestCertificate();
        await bed.reimport(arn, next);
        bed.emulator.injectFault({ operation: "DescribeCertificate", kind: "staleDescribe" });
        assert.equal(await describeSerial(arn), certificate.serial);
        assert.equal(await describeSerial(arn), next.serial);
    });

    void it("refuses fault specs that cannot apply", () => {
        assert.throws(
            () => bed.emulator.injectFault({ operation: "DescribeCertificate", kind: "ackNotApplied" }),
            /ImportCertificate only/,
        );
        assert.throws(
            () => bed.emulator.injectFault({ operation: "*", kind: "staleDescribe" }),
            /DescribeCertificate only/,
        );
        assert.throws(
            () => bed.emulator.injectFault({ operation: "ImportCertificate", kind: "throttle", applied: true }),
            /applied/,
        );
        assert.throws(
            () => bed.emulator.injectFault({ operation: "ImportCertificate", kind: "throttle", times: 0 }),
            /times/,
        );
    });
});
