/**
 * Truth, AWS ACM: the deployments a serial comparison got wrong (issue
 * "Truth", items 1–8), through the harness engine and the real provider host.
 * Every test reads the final live state from the emulator — which leaf and
 * chain the ARN serves, which tags — and checks that state says exactly that.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { ACMClient, ImportCertificateCommand } from "@aws-sdk/client-acm";
import { acmCertificate, declare, secret } from "../programs/spec";
import type { ProgramRun } from "../harness/engine";
import type { Args } from "../programs/spec";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { hierarchy, Hierarchy, issue } from "../../testing/pki";
import { acmLive, pemIdentity, stateIdentity, TestIdentity } from "./live-identity";
import { counter, TestStack } from "./stack";

interface Material {
    certPem: string;
    keyPem: string;
    chainPem?: string;
}

const material = (h: Hierarchy, chainPem: string | undefined = h.chainPem): Material => ({
    certPem: h.leaf.certPem,
    keyPem: h.leaf.keyPem,
    chainPem,
});
const identityOf = (m: Material): TestIdentity => pemIdentity(m.certPem, m.chainPem);

describe("Truth (ACM): state says what is live, by leaf and chain", () => {
    let acm: AcmEmulator;
    let v1: Hierarchy;
    let stack: TestStack;

    before(async () => {
        v1 = await hierarchy("api.example.com");
    });
    beforeEach(async () => {
        acm = await startAcmEmulator();
        stack = new TestStack({});
    });
    afterEach(async () => {
        await acm.close();
        stack.cleanup();
    });

    const program = (m: Material, extra: Args = {}): ProgramRun =>
        declare([
            acmCertificate("api", {
                region: "us-east-1",
                certificatePem: m.certPem,
                privateKeyPem: secret(m.keyPem),
                chainPem: m.chainPem,
                tags: { env: "production" },
                endpoint: acm.endpoint,
                ...extra,
            }),
        ]);
    const arnOf = (): string => String(stack.outputs("api").arn);
    const liveAt = (arn: string) => {
        const cert = acm.certificates().get(arn);
        assert.ok(cert, `${arn} is live`);
        return cert;
    };
    /** State names the live leaf and chain, and its fingerprint output agrees with its certificatePem. */
    const assertStateIsLive = (arn: string): void => {
        const state = stateIdentity(stack.outputs("api"));
        const live = acmLive(liveAt(arn));
        assert.ok(state.fingerprintAgrees, "fingerprintSha256 is the fingerprint of certificatePem");
        assert.deepEqual({ leaf: state.leaf, chain: state.chain }, live, "state's leaf and chain are the live ones");
    };
    const up = async (m: Material, extra: Args = {}) => stack.up(program(m, extra));
    const created = async (m: Material, extra: Args = {}): Promise<string> => {
        const result = await up(m, extra);
        assert.equal(result.ok, true, result.errors.join("\n"));
        return arnOf();
    };
    const lastResult = (): string => (stack.outputs("api").lastDeployment as { result: string }).result;

    it("1. a renewal that keeps the serial is imported: the new leaf is live, in 4 API calls", async () => {
        const arn = await created(material(v1));
        const renewed = await issue({ cn: "api.example.com", issuer: v1.intermediate, serial: v1.leaf.serial });
        assert.equal(renewed.serial, v1.leaf.serial, "same serial");
        const next: Material = { certPem: renewed.certPem, keyPem: renewed.keyPem, chainPem: v1.chainPem };
        acm.resetCalls();
        const result = await up(next);
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.deepEqual(acmLive(liveAt(arn)), identityOf(next), "ACM serves the renewed leaf");
        assertStateIsLive(arn);
        assert.equal((stack.outputs("api").lastDeployment as { apiCalls: number }).apiCalls, 4);
        assert.equal(acm.calls().counts.ImportCertificate, 1);
    });

    it("2. a chain-only change (an intermediate added, same leaf) is imported and verified", async () => {
        const arn = await created(material(v1, v1.intermediate.certPem));
        const fuller = material(v1, v1.chainPem);
        acm.resetCalls();
        const result = await up(fuller);
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.equal(
            acm.calls().counts.ImportCertificate,
            1,
            "the new chain is imported, not taken as a tags-only change",
        );
        assert.deepEqual(acmLive(liveAt(arn)).chain, identityOf(fuller).chain, "ACM serves the new chain");
        assertStateIsLive(arn);
        assert.equal((stack.outputs("api").lastDeployment as { apiCalls: number }).apiCalls, 4);
    });

    it("2b. a chain GetCertificate returns with a trailing CA certificate matches, is recorded, and is no drift", async () => {
        await acm.close();
        const amazonRoot = await issue({ cn: "Amazon Root CA 1 (test)", ca: true });
        acm = await startAcmEmulator({ trailingChainPem: amazonRoot.certPem });
        const arn = await created(material(v1));
        const outs = stack.outputs("api");
        assert.equal(lastResult(), "succeeded");
        assert.deepEqual(outs.trailingChainFingerprints, [
            pemIdentity(amazonRoot.certPem).leaf.match(/../g)!.join(":"),
        ]);
        assert.equal((await stack.refresh()).ok, true);
        acm.resetCalls();
        const again = await up(material(v1));
        assert.equal(again.ok, true, again.errors.join("\n"));
        assert.equal(acm.calls().counts.ImportCertificate, 0, "no drift, nothing imported");
        assertStateIsLive(arn);
    });

    it("3. a serial whose hex has only digits deploys, and state records it as hex", async () => {
        const digits = await hierarchy("api.example.com", { kind: "ec", curve: "P-256" }, { serial: "1000" });
        const arn = await created(material(digits));
        assert.equal(lastResult(), "succeeded");
        assert.equal(stack.outputs("api").serial, "10:00", "0x1000, not decimal 1000");
        assert.equal(liveAt(arn).serial, "10:00");
        assertStateIsLive(arn);
    });

    it("4. stale reads beyond verify's patience: the old certificate is imported again, then state says it is live", async () => {
        const arn = await created(material(v1));
        const v2 = await hierarchy("api.example.com");
        const importsBefore = liveAt(arn).importCount;
        acm.injectFault({ operation: "GetCertificate", kind: "staleGet", afterCalls: 1, times: 6 });
        const result = await up(material(v2));
        assert.equal(result.ok, false);
        assert.equal(lastResult(), "rolled_back");
        assert.deepEqual(acmLive(liveAt(arn)), identityOf(material(v1)), "v1 is live again");
        assert.equal(
            liveAt(arn).importCount,
            importsBefore + 2,
            "v2 landed and v1 was really re-imported (not one stale read believed)",
        );
        assertStateIsLive(arn);
    });

    it("5. a pinned-ARN create whose import is refused leaves the original live, reports rolled_back, records nothing", async () => {
        const original = await hierarchy("api.example.com");
        const client = new ACMClient({
            region: "us-east-1",
            endpoint: acm.endpoint,
            credentials: { accessKeyId: "a", secretAccessKey: "b" },
        });
        const imported = await client.send(
            new ImportCertificateCommand({
                Certificate: Buffer.from(original.leaf.certPem),
                PrivateKey: Buffer.from(original.leaf.keyPem),
                CertificateChain: Buffer.from(original.chainPem),
            }),
        );
        client.destroy();
        const arn = imported.CertificateArn ?? "";
        acm.injectFault({ operation: "ImportCertificate", kind: "accessDenied" });
        const result = await up(material(v1), { certificateArn: arn });
        assert.equal(result.ok, false);
        const message = result.errors.join("\n");
        assert.match(message, /Rolled back/);
        assert.doesNotMatch(message, /Rollback failed/);
        assert.deepEqual(acmLive(liveAt(arn)), identityOf(material(original)), "the original certificate is untouched");
        assert.equal(
            stack.engine.state.resources.filter((r) => r.urn.endsWith("::api")).length,
            0,
            "no partial state with the new material",
        );
        assert.equal(
            counter(stack.metrics(), "certdeploy_deploy_attempts_total", {
                target_type: "AWSACM",
                result: "rollback_failed",
            }),
            0,
            "nobody is paged",
        );
        assert.equal(
            counter(stack.metrics(), "certdeploy_deploy_attempts_total", {
                target_type: "AWSACM",
                result: "rolled_back",
            }),
            1,
        );
    });

    it("6. refresh after an out-of-band change rewrites every field derived from the certificate", async () => {
        const arn = await created(material(v1));
        // ACM refuses a re-import that changes the key type, so the out-of-band certificate keeps EC P-256.
        const other = await hierarchy("other.example.com");
        acm.putOutOfBand(arn, other.leaf.certPem, other.leaf.keyPem, other.intermediate.certPem);
        const result = await stack.refresh();
        assert.equal(result.ok, true, result.errors.join("\n"));
        const outs = stack.outputs("api");
        assertStateIsLive(arn);
        assert.equal(outs.keyAlgorithm, liveAt(arn).keyAlgorithm, "keyAlgorithm follows the live certificate");
        assert.equal(outs.domainName, "other.example.com", "so do the names");
        assert.deepEqual(outs.subjectAlternativeNames, ["other.example.com"]);
        assert.equal(outs.serial, liveAt(arn).serial);
        assert.equal(outs.notAfter, new Date(liveAt(arn).notAfter).toISOString());
    });

    it("7. a failed rotation puts the old tags back, and state records the tags that are live", async () => {
        const arn = await created(material(v1));
        const v2 = await hierarchy("api.example.com");
        // The tag step applies the new tags; every verify read then fails, so the rotation rolls back.
        acm.injectFault({ operation: "GetCertificate", kind: "internal", afterCalls: 1, times: 8 });
        const result = await up(material(v2), { tags: { env: "staging", team: "edge" } });
        assert.equal(result.ok, false);
        assert.equal(lastResult(), "rolled_back");
        const live = liveAt(arn);
        assert.deepEqual(acmLive(live), identityOf(material(v1)));
        assert.equal(live.tags.env, "production", "the old tag value is back");
        assert.equal(live.tags.team, undefined, "the tag the failed rotation added is gone");
        assert.deepEqual(stack.outputs("api").tags, { env: "production" });
        assertStateIsLive(arn);
    });

    it("7b. when putting the old tags back fails, state records the new tags that are live", async () => {
        const arn = await created(material(v1));
        const v2 = await hierarchy("api.example.com");
        acm.injectFault({ operation: "GetCertificate", kind: "internal", afterCalls: 1, times: 8 });
        acm.injectFault({ operation: "AddTagsToCertificate", kind: "accessDenied", afterCalls: 1 });
        const result = await up(material(v2), { tags: { env: "staging" } });
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /tags could not be restored/);
        assert.equal(liveAt(arn).tags.env, "staging");
        assert.deepEqual(stack.outputs("api").tags, { env: "staging" }, "state says the tags that are live");
        assertStateIsLive(arn);
    });

    it("7c. when every read after the import fails, the outcome is unknown (not an earlier read), and refresh + up converge", async () => {
        const arn = await created(material(v1));
        const v2 = await hierarchy("api.example.com");
        // verify: one stale read (old) then failures; the restore is refused; the rollback's reads fail too.
        acm.injectFault({ operation: "GetCertificate", kind: "staleGet", afterCalls: 1, times: 1 });
        acm.injectFault({ operation: "GetCertificate", kind: "internal", afterCalls: 2, times: Infinity });
        acm.injectFault({ operation: "ImportCertificate", kind: "accessDenied", afterCalls: 1 });
        const result = await up(material(v2));
        assert.equal(result.ok, false);
        const deployment = stack.outputs("api").lastDeployment as { result: string; serial: string; message: string };
        assert.equal(deployment.result, "rollback_failed");
        assert.equal(deployment.serial, "", "no serial claimed: the live certificate could not be read");
        assert.match(deployment.message, /could not be read/);
        acm.clearFaults();
        assert.equal((await stack.refresh()).ok, true);
        assertStateIsLive(arn);
        const again = await up(material(v2));
        assert.equal(again.ok, true, again.errors.join("\n"));
        assert.deepEqual(acmLive(liveAt(arn)), identityOf(material(v2)));
        assertStateIsLive(arn);
    });

    it("8. a metrics textfile with lines of unknown labels never fails a create; counting carries on", async () => {
        fs.writeFileSync(
            stack.metricsFile,
            'certdeploy_deploy_attempts_total{foo="bar"} 3\ncertdeploy_deploy_attempts_total{target_type="AWSACM",result="succeeded"} 2\n',
        );
        const arn = await created(material(v1));
        assertStateIsLive(arn);
        assert.equal(
            counter(stack.metrics(), "certdeploy_deploy_attempts_total", {
                target_type: "AWSACM",
                result: "succeeded",
            }),
            3,
        );
    });
});
