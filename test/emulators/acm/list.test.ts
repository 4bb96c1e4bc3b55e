import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ListCertificatesCommand, paginateListCertificates, type KeyAlgorithm } from "@aws-sdk/client-acm";
import { startTestBed, assertAcmError, type TestBed } from "./test-bed";
import { createTestCertificate } from "../../../testing/pki";
import { ACM_KEY_ALGORITHMS } from "../../../testing/acm/index";

void describe("ListCertificates filters and paginates as ACM documents", () => {
    let bed: TestBed;
    const arnsByType = new Map<string, string[]>();
    before(async () => {
        bed = await startTestBed();
        for (const keyType of [
            "RSA_2048",
            "RSA_2048",
            "RSA_2048",
            "RSA_1024",
            "EC_prime256v1",
            "EC_secp384r1",
            "RSA_3072",
        ] as const) {
            const arn = await bed.importFresh(await createTestCertificate({ keyType }));
            arnsByType.set(keyType, [...(arnsByType.get(keyType) ?? []), arn]);
        }
    });
    after(() => bed.close());

    const listAll = async (keyTypes?: KeyAlgorithm[]): Promise<string[]> => {
        const arns: string[] = [];
        const pages = paginateListCertificates(
            { client: bed.client, pageSize: 2 },
            keyTypes === undefined ? {} : { Includes: { keyTypes } },
        );
        for await (const page of pages)
            arns.push(...(page.CertificateSummaryList ?? []).map((summary) => summary.CertificateArn ?? ""));
        return arns;
    };

    void it("lists only RSA_1024 and RSA_2048 certificates without Includes.keyTypes", async () => {
        const expected = [...(arnsByType.get("RSA_2048") ?? []), ...(arnsByType.get("RSA_1024") ?? [])];
        assert.deepEqual((await listAll()).sort(), expected.sort());
    });

    void it("lists every certificate when Includes.keyTypes names all seven algorithms", async () => {
        assert.equal((await listAll([...ACM_KEY_ALGORITHMS])).length, 7);
        assert.deepEqual(await listAll(["EC_secp384r1"]), arnsByType.get("EC_secp384r1"));
    });

    void it("pages with MaxItems and NextToken in import order", async () => {
        const first = await bed.client.send(
            new ListCertificatesCommand({ MaxItems: 2, Includes: { keyTypes: [...ACM_KEY_ALGORITHMS] } }),
        );
        assert.equal(first.CertificateSummaryList?.length, 2);
        assert.ok(first.NextToken !== undefined);
        const rest = await bed.client.send(
            new ListCertificatesCommand({
                MaxItems: 10,
                NextToken: first.NextToken,
                Includes: { keyTypes: [...ACM_KEY_ALGORITHMS] },
            }),
        );
        assert.equal(rest.CertificateSummaryList?.length, 5);
        assert.equal(rest.NextToken, undefined);
        const summary = first.CertificateSummaryList?.[0];
        assert.equal(summary?.KeyAlgorithm, "RSA_2048");
        assert.equal(summary?.Type, "IMPORTED");
        assert.equal(summary?.InUse, false);
        assert.deepEqual(summary?.SubjectAlternativeNameSummaries, ["www.example.com"]);
    });

    void it("refuses MaxItems outside 1..1000 and a NextToken it did not issue", async () => {
        await assertAcmError(
            bed.client.send(new ListCertificatesCommand({ MaxItems: 0 })),
            "ValidationException",
            "greater than or equal to 1",
        );
        await assertAcmError(
            bed.client.send(new ListCertificatesCommand({ MaxItems: 1001 })),
            "ValidationException",
            "less than or equal to 1000",
        );
        await assertAcmError(
            bed.client.send(new ListCertificatesCommand({ NextToken: "bm9wZQ==" })),
            "InvalidArgsException",
        );
    });

    void it("filters by status", async () => {
        const expired = await bed.client.send(new ListCertificatesCommand({ CertificateStatuses: ["EXPIRED"] }));
        assert.deepEqual(expired.CertificateSummaryList, []);
        const issued = await bed.client.send(new ListCertificatesCommand({ CertificateStatuses: ["ISSUED"] }));
        assert.equal(issued.CertificateSummaryList?.length, 4);
    });
});
