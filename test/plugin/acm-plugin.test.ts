/**
 * AcmCertificate through the native plugin: launched from this checkout as
 * the engine launches a nodejs plugin (PulumiPlugin.yaml → run-plugin → the
 * package main), driven over gRPC in the engine's call order (plugin-engine.ts),
 * against the ACM emulator. Every test reads what is live from the emulator.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ACMClient, ImportCertificateCommand } from "@aws-sdk/client-acm";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { PluginEngine } from "../harness/plugin-engine";
import { isSecret, makeSecret, type PropertyMap } from "../harness/wire";
import { chainDers, ders, leafFingerprint } from "./live";
import { startServingServer } from "../fixtures/serving-server";

const TYPE = "certdeploy:index:AcmCertificate";
const PROJECT = "certdeploy-plugin";

describe("AcmCertificate through the native plugin", () => {
    let acm: AcmEmulator;
    let v1: Hierarchy;
    let v2: Hierarchy;
    let v3: Hierarchy;
    let engine: PluginEngine;

    before(async () => {
        [v1, v2, v3] = await Promise.all([
            hierarchy("api.example.com"),
            hierarchy("api.example.com"),
            hierarchy("api.example.com"),
        ]);
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
                CERTDEPLOY_SERVING_POLL_MS: "100",
                // The SDK's own endpoint setting: what `pulumi import` (no inputs) and endpoint-less programs reach.
                AWS_ENDPOINT_URL_ACM: acm.endpoint,
            },
        });
    });
    afterEach(async () => {
        await acm.close();
    });

    const inputs = (h: Hierarchy, extra: PropertyMap = {}): PropertyMap => ({
        region: "us-east-1",
        certificatePem: h.leaf.certPem,
        privateKeyPem: makeSecret(h.leaf.keyPem),
        chainPem: h.chainPem,
        tags: { env: "production" },
        ...extra,
    });
    const program = (h: Hierarchy, extra: PropertyMap = {}, name = "api") => [
        { type: TYPE, name, inputs: inputs(h, extra) },
    ];
    const live = (arn: string) => acm.certificates().get(arn);
    const assertLive = (arn: string, h: Hierarchy, certificateId: string): void => {
        const cert = live(arn);
        assert.ok(cert, `${arn} is live`);
        assert.equal(leafFingerprint(h), engine.outputs("api").fingerprintSha256 ?? leafFingerprint(h));
        assert.deepEqual(
            ders(cert.certificatePem),
            [Buffer.from(h.leaf.cert.rawData)],
            "live leaf is the intended certificate",
        );
        assert.deepEqual(ders(cert.chainPem).slice(0, 2), chainDers(h), "live chain starts with the chain we sent");
        assert.equal(cert.tags["certdeploy-certificate-id"], certificateId);
        assert.equal(cert.tags["certdeploy-managed-by"], "certdeploy");
    };

    it("creates, rotates, rolls back, refreshes and deletes, with the key sealed as a secret throughout", async () => {
        const created = await engine.up(program(v1));
        assert.equal(created.ok, true, created.errors.join("\n"));
        const arn = String(engine.outputs("api").arn);
        assertLive(arn, v1, `${PROJECT}/dev/api`);
        assert.equal(live(arn)!.tags.env, "production");
        const state = engine.resource("api");
        assert.ok(isSecret(state.outputs.privateKeyPem), "privateKeyPem leaves the plugin only as a secret");
        assert.ok(isSecret(state.inputs.privateKeyPem), "and stays one in the checked inputs");
        assert.equal(
            engine.outputs("api").certificateId,
            `${PROJECT}/dev/api`,
            "Check defaulted certificateId from the URN",
        );

        const rotated = await engine.up(program(v2));
        assert.equal(rotated.ok, true, rotated.errors.join("\n"));
        assert.equal(rotated.steps[0].op, "update");
        assert.deepEqual(rotated.steps[0].diff?.detailedDiff.certificatePem, { kind: "update", inputDiff: true });
        assert.equal(engine.outputs("api").arn, arn, "same ARN");
        assertLive(arn, v2, `${PROJECT}/dev/api`);
        assert.equal(engine.outputs("api").fingerprintSha256, leafFingerprint(v2));
        assert.equal(live(arn)!.serialHistory.length, 2);

        acm.injectFault({ operation: "ImportCertificate", kind: "ackNotApplied" });
        const failed = await engine.up(program(v3));
        assert.equal(failed.ok, false);
        assert.match(failed.errors.join("\n"), /Rolled back/);
        assertLive(arn, v2, `${PROJECT}/dev/api`);
        const afterRollback = engine.resource("api");
        assert.equal((engine.outputs("api").lastDeployment as { result: string }).result, "rolled_back");
        assert.equal(engine.outputs("api").fingerprintSha256, leafFingerprint(v2), "state says what is live");
        assert.ok(isSecret(afterRollback.outputs.privateKeyPem), "partial state keeps the key sealed");
        assert.deepEqual(afterRollback.initErrors?.length, 1);

        acm.putOutOfBand(arn, v3.leaf.certPem, v3.leaf.keyPem, v3.chainPem);
        const refreshed = await engine.refresh();
        assert.equal(refreshed.ok, true, refreshed.errors.join("\n"));
        assert.equal(engine.outputs("api").serial, live(arn)!.serial, "refresh records the live serial");
        assert.deepEqual(ders(String(engine.outputs("api").certificatePem)), [Buffer.from(v3.leaf.cert.rawData)]);
        assert.ok(isSecret(engine.resource("api").outputs.privateKeyPem));

        const destroyed = await engine.destroy();
        assert.equal(destroyed.ok, true, destroyed.errors.join("\n"));
        assert.equal(live(arn), undefined, "the ARN this resource created is deleted");
        assert.equal(acm.certificates().size, 0);
    });

    it("seals a key the program passed in plain text (as a YAML program does), and any output whose input was secret", async () => {
        const result = await engine.up(
            program(v1, { privateKeyPem: v1.leaf.keyPem, tags: makeSecret({ env: "production" }) }),
        );
        assert.equal(result.ok, true, result.errors.join("\n"));
        const state = engine.resource("api");
        assert.ok(isSecret(state.inputs.privateKeyPem));
        assert.ok(isSecret(state.outputs.privateKeyPem));
        assert.ok(isSecret(state.outputs.tags), "a value the program made secret stays secret in the outputs");
        assert.equal(live(String(engine.outputs("api").arn))!.tags.env, "production", "and reached the cloud opened");
        const plainState =
            JSON.stringify({ ...state.inputs, privateKeyPem: null }) +
            JSON.stringify({ ...state.outputs, privateKeyPem: null });
        assert.doesNotMatch(plainState, /PRIVATE KEY/);
        assert.doesNotMatch(engine.logs.join("\n"), /PRIVATE KEY/);
    });

    it("a key type change is planned as a replacement, and the detailed diff names the property that forces it", async () => {
        const created = await engine.up(program(v1));
        assert.equal(created.ok, true, created.errors.join("\n"));
        const arn = String(engine.outputs("api").arn);
        const rsa = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
        const preview = await engine.preview(program(rsa));
        assert.equal(preview.ok, true, preview.errors.join("\n"));
        const diff = preview.steps[0].diff!;
        assert.equal(preview.steps[0].op, "replace");
        assert.equal(diff.hasDetailedDiff, true);
        assert.deepEqual(diff.replaces, ["certificatePem"]);
        assert.deepEqual(diff.detailedDiff.certificatePem, { kind: "update-replace", inputDiff: true });
        assert.deepEqual(diff.detailedDiff.privateKeyPem, { kind: "update", inputDiff: true });
        assert.equal(diff.detailedDiff.region, undefined, "unchanged inputs are not in the detailed diff");
        const warning = engine.engineLog.find((e) => /a new ARN is needed because/.test(e.message));
        assert.ok(
            warning,
            "the provider's warning reaches the engine, which prints it (a plugin's stderr is debug-only)",
        );
        assert.deepEqual([warning.severity, warning.urn], ["warning", engine.urn(TYPE, "api")]);
        assert.equal(live(arn)!.serialHistory.length, 1, "preview wrote nothing");

        const replaced = await engine.up(program(rsa));
        assert.equal(replaced.ok, true, replaced.errors.join("\n"));
        const newArn = String(engine.outputs("api").arn);
        assert.notEqual(newArn, arn);
        assert.equal(live(newArn)?.keyAlgorithm, "RSA_2048");
        assert.equal(live(arn), undefined, "the old ARN is deleted after the new one exists");
    });

    it("imports an existing certificate by ARN; the first up adopts, rotates and verifies it", async () => {
        const client = new ACMClient({
            region: "eu-west-1",
            endpoint: acm.endpoint,
            credentials: { accessKeyId: "a", secretAccessKey: "b" },
        });
        const existing = await client.send(
            new ImportCertificateCommand({
                Certificate: Buffer.from(v1.leaf.certPem),
                PrivateKey: Buffer.from(v1.leaf.keyPem),
                CertificateChain: Buffer.from(v1.chainPem),
                Tags: [{ Key: "team", Value: "edge" }],
            }),
        );
        const arn = existing.CertificateArn!;
        const imported = await engine.import(TYPE, "api", arn);
        assert.equal(imported.ok, true, imported.errors.join("\n"));
        const state = engine.resource("api");
        assert.equal(state.id, arn);
        assert.equal(state.inputs.region, "eu-west-1", "region from the ARN");
        assert.deepEqual(ders(state.inputs.certificatePem as string), [Buffer.from(v1.leaf.cert.rawData)]);
        assert.deepEqual(ders(state.inputs.chainPem as string), chainDers(v1));
        assert.deepEqual(state.inputs.tags, { team: "edge" });
        assert.equal(state.inputs.privateKeyPem, undefined, "no key can be read from ACM");
        assert.equal(state.inputs.endpoint, undefined, "the endpoint stays the SDK's setting, not an input");
        assert.equal(engine.outputs("api").fingerprintSha256, leafFingerprint(v1));
        assert.equal(live(arn)!.importCount, 1, "import wrote nothing");

        const same = await engine.up([{ type: TYPE, name: "api", inputs: state.inputs }]);
        assert.equal(same.ok, true, same.errors.join("\n"));
        assert.equal(same.steps[0].op, "same", "the generated program (no key) changes nothing");

        const adopted = await engine.up(program(v2, { region: "eu-west-1", tags: { team: "edge" } }));
        assert.equal(adopted.ok, true, adopted.errors.join("\n"));
        assert.equal(engine.outputs("api").arn, arn, "rotated in place");
        assertLive(arn, v2, `${PROJECT}/dev/api`);
        assert.equal(live(arn)!.tags.team, "edge");
        assert.equal((engine.outputs("api").lastDeployment as { result: string }).result, "succeeded");
        assert.ok(isSecret(engine.resource("api").outputs.privateKeyPem));

        acm.injectFault({ operation: "ImportCertificate", kind: "ackNotApplied" });
        const rolledBack = await engine.up(program(v3, { region: "eu-west-1", tags: { team: "edge" } }));
        assert.equal(rolledBack.ok, false);
        assertLive(arn, v2, `${PROJECT}/dev/api`);
    });

    it("a rotation of an imported certificate before any key was supplied refuses the rollback and says why", async () => {
        const client = new ACMClient({
            region: "us-east-1",
            endpoint: acm.endpoint,
            credentials: { accessKeyId: "a", secretAccessKey: "b" },
        });
        const existing = await client.send(
            new ImportCertificateCommand({
                Certificate: Buffer.from(v1.leaf.certPem),
                PrivateKey: Buffer.from(v1.leaf.keyPem),
                CertificateChain: Buffer.from(v1.chainPem),
            }),
        );
        const arn = existing.CertificateArn!;
        assert.equal((await engine.import(TYPE, "api", arn)).ok, true);
        acm.injectFault({ operation: "AddTagsToCertificate", kind: "accessDenied" });
        const failed = await engine.up(program(v2));
        assert.equal(failed.ok, false);
        assert.match(failed.errors.join("\n"), /rollback refused: this resource was brought in with `pulumi import`/);
        assert.ok(
            engine.engineLog.some(
                (e) =>
                    e.severity === "warning" && /state holds no private key .* cannot be rolled back/.test(e.message),
            ),
            "the plan said so before anything was written",
        );
        const cert = live(arn)!;
        assert.deepEqual(
            ders(cert.certificatePem),
            [Buffer.from(v2.leaf.cert.rawData)],
            "the new certificate stayed live: nothing to restore",
        );
        assert.equal(engine.outputs("api").fingerprintSha256, leafFingerprint(v2), "state says what is live");
        assert.equal((engine.outputs("api").lastDeployment as { result: string }).result, "rollback_failed");
        assert.match(String((engine.outputs("api").lastDeployment as { message: string }).message), /rollback refused/);
    });

    it("an import adopted with its own certificate and key claims it without importing again", async () => {
        const client = new ACMClient({
            region: "us-east-1",
            endpoint: acm.endpoint,
            credentials: { accessKeyId: "a", secretAccessKey: "b" },
        });
        const existing = await client.send(
            new ImportCertificateCommand({
                Certificate: Buffer.from(v1.leaf.certPem),
                PrivateKey: Buffer.from(v1.leaf.keyPem),
                CertificateChain: Buffer.from(v1.chainPem),
            }),
        );
        const arn = existing.CertificateArn!;
        assert.equal((await engine.import(TYPE, "api", arn)).ok, true);
        const adopted = await engine.up(program(v1, { tags: {} }));
        assert.equal(adopted.ok, true, adopted.errors.join("\n"));
        assert.equal(live(arn)!.importCount, 1, "the live certificate is the one supplied: nothing re-imported");
        assertLive(arn, v1, `${PROJECT}/dev/api`);
        assert.ok(isSecret(engine.resource("api").outputs.privateKeyPem), "state now holds the key a rollback needs");
    });

    it("servingChecks flow through the plugin: a required check that fails rolls back, servingStatus reports what was served", async () => {
        const alb = await startServingServer({
            certPem: v1.leaf.certPem,
            keyPem: v1.leaf.keyPem,
            chainPem: v1.chainPem,
        });
        try {
            const checks = (timeoutSeconds: number) => ({
                servingChecks: [{ endpoint: alb.endpoint, timeoutSeconds, required: true }],
            });
            const created = await engine.up(program(v1, checks(2)));
            assert.equal(created.ok, true, created.errors.join("\n"));
            const arn = String(engine.outputs("api").arn);
            const [status] = engine.outputs("api").servingStatus as {
                matched: boolean;
                servedFingerprintSha256: string;
            }[];
            assert.deepEqual([status.matched, status.servedFingerprintSha256], [true, leafFingerprint(v1)]);
            const rotated = await engine.up(program(v2, checks(1)));
            assert.equal(rotated.ok, false);
            assert.match(rotated.errors.join("\n"), /required serving check failed/);
            assertLive(arn, v1, `${PROJECT}/dev/api`);
            assert.equal((engine.outputs("api").lastDeployment as { result: string }).result, "rolled_back");
        } finally {
            await alb.close();
        }
    });

    it("a missing ARN imports nothing and says so", async () => {
        const imported = await engine.import(
            TYPE,
            "api",
            "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
        );
        assert.equal(imported.ok, false);
        assert.match(imported.errors.join("\n"), /does not exist/);
        assert.equal(engine.resources.length, 0);
    });
});
