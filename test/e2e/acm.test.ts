/**
 * AcmCertificate end to end: a real Pulumi program, the real dynamic-provider
 * host over gRPC, the real @aws-sdk/client-acm against the ACM emulator.
 * Every failure test reads the final live state from the emulator.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ACMClient, ImportCertificateCommand } from "@aws-sdk/client-acm";
import { acmCertificate, declare, type Args, certificateInputs } from "../programs/spec";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { isSecret } from "../harness/wire";
import { counter, TestStack } from "./stack";

const colonHex = (hex: string): string => (hex.length % 2 ? `0${hex}` : hex).match(/../g)!.join(":");

describe("AcmCertificate through the provider host", () => {
    let acm: AcmEmulator;
    let v1: Hierarchy;
    let v2: Hierarchy;
    let v3: Hierarchy;
    let stack: TestStack;

    before(async () => {
        [v1, v2, v3] = await Promise.all([
            hierarchy("api.example.com"),
            hierarchy("api.example.com"),
            hierarchy("api.example.com"),
        ]);
    });
    beforeEach(async () => {
        acm = await startAcmEmulator();
        stack = new TestStack({});
    });
    afterEach(async () => {
        await acm.close();
        stack.cleanup();
    });

    const program = (h: Hierarchy, extra: Args = {}) =>
        declare([
            acmCertificate("api", {
                region: "us-east-1",
                ...certificateInputs(h),
                tags: { env: "production" },
                endpoint: acm.endpoint,
                ...extra,
            }),
        ]);
    const live = (arn: string) => acm.certificates().get(arn);

    async function created(h: Hierarchy = v1): Promise<string> {
        const result = await stack.up(program(h));
        assert.equal(result.ok, true, result.errors.join("\n"));
        return stack.outputs("api").arn as string;
    }

    it("create imports once with operator and provenance tags, and keeps the key secret in state", async () => {
        acm.resetCalls();
        const arn = await created();
        const cert = live(arn)!;
        assert.equal(cert.serial, colonHex(v1.leaf.serial));
        const outs = stack.outputs("api");
        assert.match(String(outs.ownershipClaim), /^created:[0-9a-f-]{36}$/);
        assert.deepEqual(cert.tags, {
            env: "production",
            "certdeploy-managed-by": "certdeploy",
            "certdeploy-certificate-id": "certdeploy-e2e/dev/api",
            "certdeploy-claim": String(outs.ownershipClaim),
        });
        assert.equal(outs.serial, cert.serial);
        assert.equal(outs.keyAlgorithm, "EC_prime256v1");
        assert.equal((outs.lastDeployment as { result: string }).result, "succeeded");
        assert.ok(isSecret(stack.rawOutputs("api").privateKeyPem), "privateKeyPem must be a secret in state");
        assert.equal(acm.calls().counts.ImportCertificate, 1);
        assert.equal(
            counter(stack.metrics(), "certdeploy_deploy_attempts_total", {
                target_type: "AWSACM",
                result: "succeeded",
            }),
            1,
        );
    });

    it("rotation keeps the ARN, changes the serial, re-applies tags, in 4 API calls", async () => {
        const arn = await created();
        acm.resetCalls();
        const result = await stack.up(program(v2));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.equal(stack.outputs("api").arn, arn);
        const cert = live(arn)!;
        assert.equal(cert.serial, colonHex(v2.leaf.serial));
        assert.equal(cert.tags["certdeploy-certificate-id"], "certdeploy-e2e/dev/api");
        assert.equal(cert.tags.env, "production");
        assert.equal(acm.certificates().size, 1);
        const deployment = stack.outputs("api").lastDeployment as {
            apiCalls: number;
            previousSerial: string;
            serial: string;
        };
        assert.equal(deployment.apiCalls, 4);
        assert.equal(deployment.previousSerial, colonHex(v1.leaf.serial));
        assert.deepEqual(
            Object.entries(acm.calls().counts)
                .filter(([, n]) => n > 0)
                .map(([op]) => op)
                .sort(),
            ["AddTagsToCertificate", "GetCertificate", "ImportCertificate"],
        );
    });

    it("a key type change ACM cannot re-import gets a new ARN, created before the old one is deleted", async () => {
        const arn = await created();
        const rsa = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
        const preview = await stack.preview(program(rsa));
        assert.equal(preview.steps[0].op, "replace", "preview plans a replacement");
        assert.equal(preview.steps[0].replaceMode, "create-before-delete");
        const result = await stack.up(program(rsa));
        assert.equal(result.ok, true, result.errors.join("\n"));
        const newArn = String(stack.outputs("api").arn);
        assert.notEqual(newArn, arn);
        assert.equal(live(newArn)?.keyAlgorithm, "RSA_2048");
        assert.equal(live(arn), undefined, "the old ARN is deleted after the new one exists");
    });

    it("a pinned ARN with a key type change is refused by check, before anything is written", async () => {
        const client = new ACMClient({
            region: "us-east-1",
            endpoint: acm.endpoint,
            credentials: { accessKeyId: "a", secretAccessKey: "b" },
        });
        const imported = await client.send(
            new ImportCertificateCommand({
                Certificate: Buffer.from(v1.leaf.certPem),
                PrivateKey: Buffer.from(v1.leaf.keyPem),
                CertificateChain: Buffer.from(v1.chainPem),
            }),
        );
        const arn = imported.CertificateArn ?? "";
        assert.equal((await stack.up(program(v2, { certificateArn: arn }))).ok, true);
        const rsa = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
        const result = await stack.up(program(rsa, { certificateArn: arn }));
        assert.equal(result.ok, false);
        const failures = result.steps.flatMap((s) => s.checkFailures ?? []);
        assert.ok(
            failures.some(
                (f) =>
                    f.property === "certificatePem" &&
                    /cannot be re-imported into the pinned ARN: the key algorithm changes from EC_prime256v1 to RSA_2048/.test(
                        f.reason,
                    ),
            ),
            JSON.stringify(failures),
        );
        assert.equal(live(arn)?.serial, colonHex(v2.leaf.serial), "nothing imported");
    });

    it("refuses to adopt an ARN whose provenance tag names another certificateId", async () => {
        const client = new ACMClient({
            region: "us-east-1",
            endpoint: acm.endpoint,
            credentials: { accessKeyId: "a", secretAccessKey: "b" },
        });
        const other = await client.send(
            new ImportCertificateCommand({
                Certificate: Buffer.from(v1.leaf.certPem),
                PrivateKey: Buffer.from(v1.leaf.keyPem),
                CertificateChain: Buffer.from(v1.chainPem),
                Tags: [{ Key: "certdeploy-certificate-id", Value: "other-project/prod/api" }],
            }),
        );
        const arn = other.CertificateArn ?? "";
        const result = await stack.up(program(v2, { certificateArn: arn }));
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /belongs to certificateId "other-project\/prod\/api"/);
        assert.equal(live(arn)?.serial, colonHex(v1.leaf.serial), "nothing imported");
        assert.equal(live(arn)?.tags["certdeploy-certificate-id"], "other-project/prod/api");
    });

    it("a no-op update (same PEM, other line endings) makes no API call", async () => {
        await created();
        acm.resetCalls();
        const crlf = { ...v1, leaf: { ...v1.leaf, certPem: v1.leaf.certPem.replace(/\n/g, "\r\n") } };
        const result = await stack.up(program(crlf));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.equal(result.counts.same, 1);
        assert.equal(acm.calls().log.length, 0);
    });

    it("rotation restores the old certificate when verify sees another serial", async () => {
        const arn = await created();
        acm.injectFault({ operation: "ImportCertificate", kind: "ackNotApplied" });
        const result = await stack.up(program(v2));
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /verify found serial .* live, not the imported/);
        assert.equal(live(arn)!.serial, colonHex(v1.leaf.serial), "old certificate is live");
        const outs = stack.outputs("api");
        assert.equal(outs.serial, colonHex(v1.leaf.serial), "state tells the truth");
        assert.equal((outs.lastDeployment as { result: string }).result, "rolled_back");
        assert.equal(
            counter(stack.metrics(), "certdeploy_deploy_rollback_total", {
                target_type: "AWSACM",
                outcome: "restored",
            }),
            1,
        );
        assert.equal(
            counter(stack.metrics(), "certdeploy_deploy_attempts_total", {
                target_type: "AWSACM",
                result: "rolled_back",
            }),
            1,
        );
        const destroyed = await stack.destroy(); // the partial state still carries __provider
        assert.equal(destroyed.ok, true, destroyed.errors.join("\n"));
        assert.equal(live(arn), undefined);
    });

    it("reports rollback_failed with the ARN and a recovery command when the rollback import fails too", async () => {
        const arn = await created();
        acm.injectFault({ operation: "ImportCertificate", kind: "ackNotApplied", applied: false });
        acm.injectFault({ operation: "AddTagsToCertificate", kind: "accessDenied" });
        acm.injectFault({ operation: "GetCertificate", kind: "staleGet" });
        acm.putOutOfBand(arn, v3.leaf.certPem, v3.leaf.keyPem, v3.chainPem); // someone else's write lands mid-flight
        acm.injectFault({ operation: "ImportCertificate", kind: "internal", afterCalls: 1, times: Infinity });
        const result = await stack.up(program(v2));
        assert.equal(result.ok, false);
        const message = result.errors.join("\n");
        assert.ok(message.includes("Rollback failed") || message.includes("changed outside Pulumi"), message);
        assert.ok(message.includes(arn), "names the ARN");
        const outs = stack.outputs("api");
        assert.equal(outs.serial, live(arn)!.serial, "state records the serial that is live");
    });

    it("a failing AddTagsToCertificate rolls back and names the IAM action", async () => {
        const arn = await created();
        acm.injectFault({ operation: "AddTagsToCertificate", kind: "accessDenied" });
        const result = await stack.up(program(v2));
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /grant the IAM action acm:AddTagsToCertificate/);
        assert.equal(live(arn)!.serial, colonHex(v1.leaf.serial));
        assert.equal((stack.outputs("api").lastDeployment as { result: string }).result, "rolled_back");
    });

    it("a failing snapshot (GetCertificate) stops before any import", async () => {
        const arn = await created();
        const importsBefore = live(arn)!.importCount;
        acm.injectFault({ operation: "GetCertificate", kind: "internal", times: Infinity });
        const result = await stack.up(program(v2));
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /GetCertificate on AcmCertificate/);
        assert.equal(live(arn)!.importCount, importsBefore, "nothing imported");
        assert.equal(stack.outputs("api").serial, colonHex(v1.leaf.serial));
        assert.equal(
            counter(stack.metrics(), "certdeploy_deploy_attempts_total", { target_type: "AWSACM", result: "aborted" }),
            1,
        );
    });

    it("a failing ImportCertificate on rotation leaves the old certificate live", async () => {
        const arn = await created();
        acm.injectFault({ operation: "ImportCertificate", kind: "throttle", times: Infinity });
        const result = await stack.up(program(v2));
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /throttled/);
        assert.equal(live(arn)!.serial, colonHex(v1.leaf.serial));
        assert.equal((stack.outputs("api").lastDeployment as { result: string }).result, "rolled_back");
    });

    it("a fresh import whose verify fails is deleted again: no orphan ARN", async () => {
        acm.injectFault({ operation: "GetCertificate", kind: "internal", times: Infinity });
        const result = await stack.up(program(v1));
        assert.equal(result.ok, false);
        assert.equal(acm.certificates().size, 0, "no orphan ARN");
        assert.equal(stack.customResources().length, 0);
    });

    it("a fresh import whose answer is lost is found by serial and provenance and removed", async () => {
        acm.injectFault({ operation: "ImportCertificate", kind: "reset", applied: true, times: Infinity });
        const result = await stack.up(program(v1));
        assert.equal(result.ok, false);
        assert.equal(acm.certificates().size, 0, "no orphan ARN");
    });

    it("refuses to rotate over an out-of-band change, and refresh records it", async () => {
        const arn = await created();
        acm.putOutOfBand(arn, v3.leaf.certPem, v3.leaf.keyPem, v3.chainPem);
        const imports = live(arn)!.importCount;
        const blocked = await stack.up(program(v2));
        assert.equal(blocked.ok, false);
        assert.match(blocked.errors.join("\n"), /changed outside Pulumi: serial .* is live, state says/);
        assert.equal(live(arn)!.importCount, imports, "nothing imported");
        const refreshed = await stack.refresh();
        assert.equal(refreshed.ok, true, refreshed.errors.join("\n"));
        assert.equal(stack.outputs("api").serial, colonHex(v3.leaf.serial));
        const fixed = await stack.up(program(v2));
        assert.equal(fixed.ok, true, fixed.errors.join("\n"));
        assert.equal(live(arn)!.serial, colonHex(v2.leaf.serial));
    });

    it("adopts a pinned ARN, rotates it in place, and retains it on destroy", async () => {
        const client = new ACMClient({
            region: "us-east-1",
            endpoint: acm.endpoint,
            credentials: { accessKeyId: "a", secretAccessKey: "b" },
        });
        const imported = await client.send(
            new ImportCertificateCommand({
                Certificate: Buffer.from(v1.leaf.certPem),
                PrivateKey: Buffer.from(v1.leaf.keyPem),
                CertificateChain: Buffer.from(v1.chainPem),
            }),
        );
        const arn = imported.CertificateArn!;
        const result = await stack.up(program(v2, { certificateArn: arn }));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.equal(stack.outputs("api").arn, arn);
        assert.equal(live(arn)!.serial, colonHex(v2.leaf.serial));
        assert.equal(live(arn)!.tags["certdeploy-certificate-id"], "certdeploy-e2e/dev/api");
        const destroyed = await stack.destroy();
        assert.equal(destroyed.ok, true, destroyed.errors.join("\n"));
        assert.ok(live(arn), "a pinned ARN is retained");
    });

    it("destroy deletes what it created; while in use it fails naming the users and keeps the certificate", async () => {
        const arn = await created();
        acm.setInUseBy(arn, ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1"]);
        const blocked = await stack.destroy();
        assert.equal(blocked.ok, false);
        assert.match(blocked.errors.join("\n"), /still in use by arn:aws:elasticloadbalancing/);
        assert.ok(live(arn), "still there");
        acm.setInUseBy(arn, []);
        const destroyed = await stack.destroy();
        assert.equal(destroyed.ok, true, destroyed.errors.join("\n"));
        assert.equal(live(arn), undefined);
    });

    it("logs, errors and state never hold key material outside secret envelopes", async () => {
        await created();
        acm.injectFault({ operation: "ImportCertificate", kind: "ackNotApplied" });
        await stack.up(program(v2));
        const body = (pem: string) =>
            pem
                .split("\n")
                .filter((l) => l && !l.startsWith("-----"))
                .join("");
        const plainState = JSON.stringify(
            stack.engine.state.resources.map((r) => ({
                ...r,
                outputs: { ...r.outputs, privateKeyPem: null },
                inputs: { ...r.inputs, privateKeyPem: null },
            })),
        );
        for (const key of [v1.leaf.keyPem, v2.leaf.keyPem]) {
            const fragment = body(key).slice(20, 60);
            assert.ok(!stack.hostLogs().includes(fragment), "host logs");
            assert.ok(!plainState.includes(fragment), "state outside the secret envelope");
            assert.ok(!stack.metrics().includes(fragment));
        }
    });
});
