import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { DescribeCertificateCommand } from "@aws-sdk/client-acm";
import { startTestBed, assertAcmError, type TestBed } from "./test-bed";
import { createTestCertificate, type TestCertificate } from "../../../testing/pki";

void describe("rate limits and latency", () => {
    let bed: TestBed;
    let certificate: TestCertificate;
    before(async () => {
        bed = await startTestBed();
        certificate = await createTestCertificate();
    });
    after(() => bed.close());

    void it("is off by default: three imports in a row succeed", async () => {
        for (let i = 0; i < 3; i++) await bed.importFresh(certificate);
    });

    void it("throttles ImportCertificate beyond 1 per second and lets the next second's call through", async () => {
        bed.emulator.setRateLimit("ImportCertificate", 1);
        await bed.importFresh(certificate);
        await assertAcmError(bed.importFresh(certificate), "ThrottlingException", "Rate exceeded");
        await sleep(1050);
        await bed.importFresh(certificate);
        bed.emulator.setRateLimit("ImportCertificate", undefined);
        await bed.importFresh(certificate);
    });

    void it("applies the documented rates on request: a burst past 10 DescribeCertificate per second is throttled", async () => {
        const arn = await bed.importFresh(certificate);
        bed.emulator.useDocumentedRateLimits();
        try {
            // 40 at once: far past the bucket of 10 even if a loaded machine spreads them over a second or two.
            const results = await Promise.allSettled(
                Array.from({ length: 40 }, () =>
                    bed.client.send(new DescribeCertificateCommand({ CertificateArn: arn })),
                ),
            );
            const throttled = results.filter(
                (result) => result.status === "rejected" && (result.reason as Error).name === "ThrottlingException",
            );
            const answered = results.filter((result) => result.status === "fulfilled");
            assert.ok(throttled.length >= 1, "some calls are throttled");
            assert.ok(answered.length >= 10, "the first ten (the burst) are answered");
        } finally {
            for (const operation of [
                "ImportCertificate",
                "DescribeCertificate",
                "AddTagsToCertificate",
                "ListCertificates",
            ] as const) {
                bed.emulator.setRateLimit(operation, undefined);
            }
        }
    });

    void it("setLatency delays every answer", async () => {
        const arn = await bed.importFresh(certificate);
        bed.emulator.setLatency(120);
        const started = Date.now();
        await bed.client.send(new DescribeCertificateCommand({ CertificateArn: arn }));
        assert.ok(Date.now() - started >= 115);
        bed.emulator.setLatency(0);
    });
});
