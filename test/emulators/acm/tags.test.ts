import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
    AddTagsToCertificateCommand,
    ListTagsForCertificateCommand,
    RemoveTagsFromCertificateCommand,
    type Tag,
} from "@aws-sdk/client-acm";
import { startTestBed, assertAcmError, type TestBed } from "./test-bed";
import { createTestCertificate } from "../../../testing/pki";

void describe("certificate tags follow ACM's tagging rules", () => {
    let bed: TestBed;
    let arn = "";
    before(async () => {
        bed = await startTestBed();
        arn = await bed.importFresh(await createTestCertificate(), [{ Key: "env", Value: "prod" }]);
    });
    after(() => bed.close());

    const add = (Tags: Tag[]): Promise<unknown> =>
        bed.client.send(new AddTagsToCertificateCommand({ CertificateArn: arn, Tags }));
    const remove = (Tags: Tag[]): Promise<unknown> =>
        bed.client.send(new RemoveTagsFromCertificateCommand({ CertificateArn: arn, Tags }));
    const list = async (): Promise<Tag[]> =>
        (await bed.client.send(new ListTagsForCertificateCommand({ CertificateArn: arn }))).Tags ?? [];

    void it("adds, overwrites and lists tags; a tag without value is listed without Value", async () => {
        await add([{ Key: "team", Value: "platform" }, { Key: "env", Value: "staging" }, { Key: "flag" }]);
        assert.deepEqual(await list(), [
            { Key: "env", Value: "staging" },
            { Key: "team", Value: "platform" },
            { Key: "flag" },
        ]);
        assert.deepEqual(bed.emulator.certificates().get(arn)?.tags, { env: "staging", team: "platform", flag: "" });
    });

    void it("removes a tag given without value, and one given with its value, but not one given with another value", async () => {
        await remove([{ Key: "flag" }, { Key: "team", Value: "platform" }, { Key: "env", Value: "other" }]);
        assert.deepEqual(await list(), [{ Key: "env", Value: "staging" }]);
    });

    void it("accepts the documented characters: letters, digits, spaces and _ . : / = + - @", async () => {
        await add([
            { Key: "certdeploy-certificate-id", Value: "proj/stack/api_1 a.b:c=d+e-f@g" },
            { Key: "Ünïcode 名前", Value: "ok" },
        ]);
    });

    void it("refuses keys over 128 characters, values over 256, and characters outside the pattern", async () => {
        await assertAcmError(
            add([{ Key: "k".repeat(129), Value: "v" }]),
            "ValidationException",
            "less than or equal to 128",
        );
        await add([{ Key: "k".repeat(128), Value: "v".repeat(256) }]);
        await assertAcmError(
            add([{ Key: "key", Value: "v".repeat(257) }]),
            "ValidationException",
            "less than or equal to 256",
        );
        await assertAcmError(
            add([{ Key: "semi;colon", Value: "v" }]),
            "ValidationException",
            "regular expression pattern",
        );
        await assertAcmError(add([{ Key: "key", Value: "a*b" }]), "ValidationException", "regular expression pattern");
    });

    void it("refuses the reserved aws: prefix with InvalidTagException", async () => {
        await assertAcmError(
            add([{ Key: "aws:cloudformation:stack-name", Value: "x" }]),
            "InvalidTagException",
            "aws:",
        );
    });

    void it("refuses a 51st tag with TooManyTagsException and keeps the previous set", async () => {
        const before = (await list()).length;
        const fill = Array.from({ length: 50 - before }, (_, index) => ({ Key: `fill-${index}`, Value: "x" }));
        await add(fill);
        assert.equal((await list()).length, 50);
        await assertAcmError(add([{ Key: "one-too-many", Value: "x" }]), "TooManyTagsException");
        assert.equal((await list()).length, 50);
    });

    void it("refuses an empty tag list and a missing one", async () => {
        await assertAcmError(add([]), "ValidationException", "greater than or equal to 1");
        await assertAcmError(
            bed.client.send(new AddTagsToCertificateCommand({ CertificateArn: arn, Tags: undefined })),
            "ValidationException",
            "must not be null",
        );
    });

    void it("refuses more than 50 tags on a fresh import", async () => {
        const tags = Array.from({ length: 51 }, (_, index) => ({ Key: `k${index}`, Value: "v" }));
        await assertAcmError(
            bed.importFresh(await createTestCertificate(), tags),
            "ValidationException",
            "less than or equal to 50",
        );
    });
});
