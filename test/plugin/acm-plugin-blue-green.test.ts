/**
 * ACM `rotation: "blue_green"` through the native plugin (the path of Python,
 * Go, .NET, Java and YAML programs): the detailed diff marks every changed
 * certificate input as forcing the replacement, the provider's message reaches
 * the engine's log, and the up creates the new ARN before deleting the old
 * one. Tags-only and rotation-only changes are updates; a pinned ARN is
 * refused by Check. What is live is read from the ACM emulator.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { PluginEngine } from "../harness/plugin-engine";
import { makeSecret, type PropertyMap } from "../harness/wire";
import { chainDers, ders, leafFingerprint } from "./live";

const TYPE = "certdeploy:index:AcmCertificate";
const PROJECT = "certdeploy-plugin-bg";

describe("AcmCertificate rotation blue_green through the native plugin", () => {
    let acm: AcmEmulator;
    let v1: Hierarchy;
    let v2: Hierarchy;
    let engine: PluginEngine;

    before(async () => {
        [v1, v2] = await Promise.all([hierarchy("api.example.com"), hierarchy("api.example.com")]);
    });
    beforeEach(async () => {
        acm = await startAcmEmulator();
        engine = new PluginEngine({
            project: PROJECT,
            env: {
                AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
                AWS_SECRET_ACCESS_KEY: "test-secret",
                AWS_EC2_METADATA_DISABLED: "true",
                CERTDEPLOY_VERIFY_DELAY_MS: "20",
                CERTDEPLOY_ACM_IMPORTS_PER_SECOND: "0",
                CERTDEPLOY_AWS_MAX_ATTEMPTS: "2",
            },
        });
    });
    afterEach(async () => {
        await acm.close();
    });

    const program = (h: Hierarchy, extra: PropertyMap = {}) => [
        {
            type: TYPE,
            name: "api",
            inputs: {
                region: "us-east-1",
                certificatePem: h.leaf.certPem,
                privateKeyPem: makeSecret(h.leaf.keyPem),
                chainPem: h.chainPem,
                endpoint: acm.endpoint,
                tags: { env: "production" },
                rotation: "blue_green",
                ...extra,
            },
        },
    ];
    const live = (arn: string) => acm.certificates().get(arn);

    it("a new certificate: preview says replace (every changed certificate input forces it), up creates the new ARN, then deletes the old", async () => {
        const created = await engine.up(program(v1));
        assert.equal(created.ok, true, created.errors.join("\n"));
        const oldArn = String(engine.outputs("api").arn);

        const preview = await engine.preview(program(v2));
        assert.equal(preview.ok, true, preview.errors.join("\n"));
        assert.equal(preview.steps[0].op, "replace");
        const diff = preview.steps[0].diff!;
        assert.equal(diff.deleteBeforeReplace, false, "create-before-delete");
        assert.deepEqual(diff.replaces, ["certificatePem", "privateKeyPem", "chainPem"]);
        assert.deepEqual(diff.detailedDiff, {
            certificatePem: { kind: "update-replace", inputDiff: true },
            chainPem: { kind: "update-replace", inputDiff: true },
            privateKeyPem: { kind: "update-replace", inputDiff: true },
        });
        const message = engine.engineLog.find((e) =>
            /rotation "blue_green" and .* changed, so this is a replacement/.test(e.message),
        );
        assert.ok(message, "the provider's message reaches the engine, which prints it");
        assert.deepEqual([message.severity, message.urn], ["warning", engine.urn(TYPE, "api")]);
        assert.equal(live(oldArn)!.importCount, 1, "preview wrote nothing");
        assert.equal(acm.certificates().size, 1);

        const replaced = await engine.up(program(v2));
        assert.equal(replaced.ok, true, replaced.errors.join("\n"));
        const newArn = String(engine.outputs("api").arn);
        assert.notEqual(newArn, oldArn);
        assert.equal(live(oldArn), undefined, "the old ARN is deleted after the new one exists");
        assert.deepEqual(ders(live(newArn)!.certificatePem), [Buffer.from(v2.leaf.cert.rawData)]);
        assert.deepEqual(ders(live(newArn)!.chainPem), chainDers(v2));
        assert.equal(engine.outputs("api").fingerprintSha256, leafFingerprint(v2));
        assert.equal(live(newArn)!.tags["certdeploy-claim"], engine.outputs("api").ownershipClaim);
    });

    it("tags only and rotation only are updates of the same ARN; a pinned ARN with blue_green fails Check", async () => {
        const created = await engine.up(program(v1));
        assert.equal(created.ok, true, created.errors.join("\n"));
        const arn = String(engine.outputs("api").arn);
        const tagged = await engine.up(program(v1, { tags: { env: "staging" } }));
        assert.equal(tagged.ok, true, tagged.errors.join("\n"));
        assert.equal(tagged.steps[0].op, "update");
        assert.deepEqual(tagged.steps[0].diff?.replaces, []);
        const inPlace = await engine.up(program(v1, { tags: { env: "staging" }, rotation: "in_place" }));
        assert.equal(inPlace.ok, true, inPlace.errors.join("\n"));
        assert.equal(inPlace.steps[0].op, "update");
        assert.deepEqual(inPlace.steps[0].diff?.detailedDiff, { rotation: { kind: "update", inputDiff: true } });
        assert.equal(engine.outputs("api").arn, arn);
        assert.equal(live(arn)!.tags.env, "staging");
        assert.equal(live(arn)!.importCount, 1);

        const mark = acm.calls().log.length;
        const pinned = await engine.preview(program(v1, { certificateArn: arn }));
        assert.equal(pinned.ok, false);
        assert.match(
            pinned.errors.join("\n"),
            /check failed: rotation: rotation "blue_green" creates a new ARN for every certificate change, but certificateArn pins one existing ARN/,
        );
        assert.deepEqual(acm.calls().log.slice(mark), [], "Check made no ACM call");
    });
});
