/**
 * The AcmCertificate lifecycle against moto, an independent AWS emulator: the
 * provider must not depend on our emulator's choices (moto returns decimal
 * serials and empties tags on re-import; see test/conformance/documented-differences.ts).
 * Live state is read from moto with the real SDK.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
    ACMClient,
    CertificateDetail,
    DescribeCertificateCommand,
    ListTagsForCertificateCommand,
    ResourceNotFoundException,
} from "@aws-sdk/client-acm";
import { acmCertificate, declare, certificateInputs } from "../programs/spec";
import { sameSerial } from "../../provider/material/serial";
import { MotoServer, startMoto } from "../conformance/moto";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { TestStack } from "./stack";

describe("AcmCertificate lifecycle against moto", () => {
    let moto: MotoServer;
    let client: ACMClient;
    let v1: Hierarchy;
    let v2: Hierarchy;
    const stack = new TestStack({});

    before(async () => {
        moto = await startMoto();
        client = new ACMClient({
            region: "us-east-1",
            endpoint: moto.endpoint,
            credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "test-secret" },
        });
        [v1, v2] = await Promise.all([
            hierarchy("api.example.com", { kind: "rsa", bits: 2048 }),
            hierarchy("api.example.com", { kind: "rsa", bits: 2048 }),
        ]);
    });
    after(async () => {
        client.destroy();
        await moto.close();
        stack.cleanup();
    });

    const program = (h: Hierarchy) =>
        declare([
            acmCertificate("api", {
                region: "us-east-1",
                ...certificateInputs(h),
                tags: { env: "production" },
                endpoint: moto.endpoint,
            }),
        ]);
    const describeLive = async (arn: string): Promise<CertificateDetail> =>
        (await client.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate ?? {};
    const liveTags = async (arn: string): Promise<Record<string, string>> =>
        Object.fromEntries(
            ((await client.send(new ListTagsForCertificateCommand({ CertificateArn: arn }))).Tags ?? []).map((t) => [
                t.Key ?? "",
                t.Value ?? "",
            ]),
        );

    it("creates, rotates in place with tags re-applied, skips a no-op, refreshes and deletes", async () => {
        const created = await stack.up(program(v1));
        assert.equal(created.ok, true, created.errors.join("\n"));
        const arn = String(stack.outputs("api").arn);
        assert.ok(
            sameSerial((await describeLive(arn)).Serial ?? "", "decimal", v1.leaf.serial, "hex"),
            "moto's decimal serial matches",
        );
        assert.equal((await liveTags(arn))["certdeploy-certificate-id"], "certdeploy-e2e/dev/api");

        const rotated = await stack.up(program(v2));
        assert.equal(rotated.ok, true, rotated.errors.join("\n"));
        assert.equal(stack.outputs("api").arn, arn, "same ARN");
        assert.ok(
            sameSerial((await describeLive(arn)).Serial ?? "", "decimal", v2.leaf.serial, "hex"),
            "new serial live",
        );
        assert.deepEqual(
            await liveTags(arn),
            {
                env: "production",
                "certdeploy-managed-by": "certdeploy",
                "certdeploy-certificate-id": "certdeploy-e2e/dev/api",
                "certdeploy-claim": String(stack.outputs("api").ownershipClaim),
            },
            "tags (and the ownership claim) re-applied after moto dropped them",
        );

        const same = await stack.up(program(v2));
        assert.equal(same.ok, true, same.errors.join("\n"));
        assert.equal(same.counts.same, 1);

        const refreshed = await stack.refresh();
        assert.equal(refreshed.ok, true, refreshed.errors.join("\n"));
        assert.ok(sameSerial(String(stack.outputs("api").serial), "colonHex", v2.leaf.serial, "hex"));

        const destroyed = await stack.destroy();
        assert.equal(destroyed.ok, true, destroyed.errors.join("\n"));
        await assert.rejects(describeLive(arn), (e: unknown) => e instanceof ResourceNotFoundException);
    });
});
