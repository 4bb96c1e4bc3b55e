import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DescribeCertificateCommand } from "@aws-sdk/client-acm";
import { startTestBed, type TestBed } from "./test-bed";
import { createTestCertificate } from "../../../testing/pki";

void describe("the call log", () => {
    let bed: TestBed;
    before(async () => {
        bed = await startTestBed({}, "ap-southeast-2");
    });
    after(() => bed.close());

    void it("records operation, region, ARN and outcome in order, and never key material", async () => {
        const certificate = await createTestCertificate();
        const arn = await bed.importFresh(certificate, [{ Key: "env", Value: "prod" }]);
        await bed.client.send(new DescribeCertificateCommand({ CertificateArn: arn }));
        const { counts, log } = bed.emulator.calls();
        assert.equal(counts.ImportCertificate, 1);
        assert.equal(counts.DescribeCertificate, 1);
        assert.equal(counts.DeleteCertificate, 0);
        assert.deepEqual(
            log.map((call) => [call.operation, call.region, call.arn, call.outcome]),
            [
                ["ImportCertificate", "ap-southeast-2", arn, "ok"],
                ["DescribeCertificate", "ap-southeast-2", arn, "ok"],
            ],
        );
        assert.match(arn, /^arn:aws:acm:ap-southeast-2:123456789012:certificate\//);
        const text = JSON.stringify(log);
        assert.ok(!text.includes("PRIVATE KEY") && !text.includes(certificate.privateKeyPem.slice(40, 80)));
    });

    void it("resetCalls empties the log", () => {
        bed.emulator.resetCalls();
        assert.equal(bed.emulator.calls().log.length, 0);
    });

    void it("answers UnknownOperationException for an operation it does not emulate", async () => {
        const response = await fetch(bed.emulator.endpoint, {
            method: "POST",
            headers: {
                "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": "CertificateManager.RenewCertificate",
            },
            body: "{}",
        });
        assert.equal(response.status, 400);
        assert.equal(((await response.json()) as { __type: string }).__type, "UnknownOperationException");
        assert.equal(bed.emulator.calls().log.at(-1)?.operation, "RenewCertificate");
    });
});
