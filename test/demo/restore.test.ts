/**
 * The demo's rollback is a true restore: the new certificate lands in ACM, the
 * tag step is denied, and the previous certificate and key come back from
 * Pulumi state. Read from the emulator, not from what the demo prints.
 */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runDemo, type DemoOutcome, type DemoStep } from "../../demo/scenario";
import {
    startAcmEmulator,
    startAzureWorld,
    type AcmEmulator,
    type AzureWorld,
    type CertificateSnapshot,
} from "../../testing";

describe("the demo's rollback step", () => {
    let acm: AcmEmulator;
    let azure: AzureWorld;
    const lines: string[] = [];
    const live = new Map<DemoStep, CertificateSnapshot | undefined>();
    const keyVaultVersions = new Map<DemoStep, string[]>();
    let outcome: DemoOutcome;

    before(async () => {
        acm = await startAcmEmulator();
        azure = await startAzureWorld({ vaults: ["prod-vault"] });
        outcome = await runDemo({
            print: (line) => lines.push(line),
            emulators: { acm, azure },
            afterStep: (step) => {
                live.set(step, [...acm.certificates().values()][0]);
                keyVaultVersions.set(
                    step,
                    azure.keyVault.versions("api-prod").map((v) => `${v.x5tHex}/${v.keySpkiSha256Hex}`),
                );
            },
        });
    });

    after(async () => {
        await Promise.all([acm.close(), azure.close()]);
    });

    it("runs every step as shown", () => {
        assert.equal(outcome.ok, true, lines.join("\n"));
        assert.deepEqual([...live.keys()], ["preview", "create", "rotate", "rollback", "refresh", "destroy"]);
    });

    it("leaves the previous certificate, chain and key live, after the new certificate had been live in between", () => {
        const before = live.get("rotate");
        const after = live.get("rollback");
        assert.ok(before && after, "an ACM certificate is live after rotate and after the rollback");
        assert.equal(after.arn, before.arn);
        assert.equal(after.serial, before.serial);
        assert.equal(after.certificatePem, before.certificatePem);
        assert.equal(after.chainPem, before.chainPem);
        assert.equal(after.keySpkiSha256, before.keySpkiSha256, "the previous key is live again");
        // Two imports in between: the new certificate, then the restore of the previous one.
        assert.equal(after.importCount, before.importCount + 2);
        const [newSerial, restoredSerial] = after.serialHistory.slice(-2);
        assert.notEqual(newSerial, before.serial, "a new certificate had been imported");
        assert.equal(after.serialHistory.at(-3), before.serial);
        assert.equal(restoredSerial, before.serial);
        assert.equal(after.tags["certdeploy-managed-by"], "certdeploy", "provenance tags survive the restore");
    });

    it("leaves Key Vault untouched by the ACM rollback", () => {
        assert.deepEqual(keyVaultVersions.get("rollback"), keyVaultVersions.get("rotate"));
    });

    it("prints the failed `up` line, the error naming the IAM action, and the rolled_back record", () => {
        const text = lines.join("\n");
        const failedUp = /^ {2}up: failed \((.*)\) in \d+ ms$/m.exec(text);
        assert.ok(failedUp, text);
        assert.deepEqual(failedUp[1].split(", ").sort(), ["same api-agw succeeded", "update api failed"]);
        assert.match(
            text,
            /^ {2}error: .*grant the IAM action acm:AddTagsToCertificate.*Rolled back: serial \S+ \(SHA-256 [0-9a-f:]+…\) is live again\.$/m,
        );
        const record = /^ {2}lastDeployment {6}(\{.*\})$/m.exec(text);
        assert.ok(record, text);
        const deployment = JSON.parse(record[1]) as {
            result: string;
            previousSerial: string;
            serial: string;
            steps: { step: string; ok: boolean }[];
        };
        assert.equal(deployment.result, "rolled_back");
        assert.equal(deployment.serial, deployment.previousSerial);
        assert.deepEqual(
            deployment.steps.map((s) => `${s.step}:${s.ok}`),
            [
                "snapshot:true",
                "import:true",
                "tag:false",
                "rollback:true",
                "rollback_verify:true",
                "rollback_tags:true",
            ],
        );
        assert.doesNotMatch(text, /PRIVATE KEY/);
    });
});
