/** `certdeploy inspect acm` against the ACM emulator: live facts, provenance, tags, in-use-by; not found; denied; usage. */
import * as assert from "node:assert/strict";
import { ACMClient, ImportCertificateCommand } from "@aws-sdk/client-acm";
import { after, before, describe, it } from "node:test";
import { startAcmEmulator, type AcmEmulator } from "../../testing/acm";
import { hierarchy, type Hierarchy } from "../../testing/pki";
import { assertNoKeyMaterial } from "./material-files";
import { jsonOf, runCli, type CliRun } from "./run-cli";

interface AcmJson {
    target: string;
    arn: string;
    region: string;
    serial: string;
    notAfter: string;
    daysToExpiry: number;
    keyAlgorithm: string;
    domainName: string;
    subjectAlternativeNames: string[];
    provenance: { managedByCertdeploy: boolean; certificateId?: string; description: string };
    tags: Record<string, string>;
    inUseBy: string[];
}

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "test-secret" };
const colonHex = (hex: string): string => (hex.length % 2 ? `0${hex}` : hex).match(/../g)!.join(":").toLowerCase();

describe("certdeploy inspect acm", () => {
    let acm: AcmEmulator;
    let client: ACMClient;
    let managed: Hierarchy;
    let foreign: Hierarchy;
    let managedArn: string;
    let foreignArn: string;
    const outputs: string[] = [];
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_PROFILE: "",
        CERTDEPLOY_AWS_MAX_ATTEMPTS: "2",
    };
    const cli = async (args: string[]): Promise<CliRun> => {
        const run = await runCli(["inspect", "acm", ...args], { env });
        outputs.push(run.stdout, run.stderr);
        return run;
    };

    const importCertificate = async (h: Hierarchy, tags: Record<string, string>): Promise<string> => {
        const out = await client.send(
            new ImportCertificateCommand({
                Certificate: Buffer.from(h.leaf.certPem),
                PrivateKey: Buffer.from(h.leaf.keyPem),
                CertificateChain: Buffer.from(h.chainPem),
                Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
            }),
        );
        return out.CertificateArn!;
    };

    before(async () => {
        acm = await startAcmEmulator();
        client = new ACMClient({ region: "eu-west-1", endpoint: acm.endpoint, credentials: CREDENTIALS });
        [managed, foreign] = await Promise.all([
            hierarchy("api.example.com", { kind: "rsa", bits: 2048 }, { sans: ["api.example.com", "www.example.com"] }),
            hierarchy("legacy.example.com"),
        ]);
        managedArn = await importCertificate(managed, {
            env: "production",
            "certdeploy-managed-by": "certdeploy",
            "certdeploy-certificate-id": "shop/prod/api",
        });
        foreignArn = await importCertificate(foreign, { owner: "team-legacy" });
        acm.setInUseBy(managedArn, [
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188",
        ]);
    });

    after(async () => {
        client.destroy();
        await acm.close();
        assertNoKeyMaterial(outputs.join("\n"), [managed.leaf.keyPem, foreign.leaf.keyPem]);
    });

    it("shows the live serial, validity, key algorithm, provenance, tags and in-use-by of a certdeploy certificate", async () => {
        const run = await cli(["--arn", managedArn, "--endpoint", acm.endpoint]);
        assert.equal(run.code, 0, run.stderr);
        assert.ok(run.stdout.startsWith(`AWS Certificate Manager: ${managedArn}\n`), run.stdout);
        assert.match(run.stdout, /status\s+ISSUED, IMPORTED/);
        assert.ok(run.stdout.includes(colonHex(managed.leaf.serial)), run.stdout);
        assert.ok(run.stdout.includes(managed.leaf.cert.notAfter.toISOString()), run.stdout);
        assert.match(run.stdout, /key algorithm\s+RSA_2048/);
        assert.match(run.stdout, /provenance\s+managed by certdeploy, certificateId shop\/prod\/api\n/);
        assert.match(
            run.stdout,
            /tags\s+certdeploy-certificate-id=shop\/prod\/api, certdeploy-managed-by=certdeploy, env=production/,
        );
        assert.match(
            run.stdout,
            /in use by\s+arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer\/app\/shop\//,
        );
    });

    it("--json gives the same facts as fields; a certificate without provenance tags is reported as not managed by certdeploy", async () => {
        const run = await cli(["--arn", managedArn, "--region", "eu-west-1", "--endpoint", acm.endpoint, "--json"]);
        assert.equal(run.code, 0, run.stderr);
        const result = jsonOf<AcmJson>(run);
        assert.equal(result.target, "acm");
        assert.equal(result.region, "eu-west-1");
        assert.equal(result.serial, colonHex(managed.leaf.serial));
        assert.equal(result.notAfter, managed.leaf.cert.notAfter.toISOString());
        assert.ok(result.daysToExpiry >= 88 && result.daysToExpiry <= 90);
        assert.equal(result.keyAlgorithm, "RSA_2048");
        assert.deepEqual(result.subjectAlternativeNames, ["api.example.com", "www.example.com"]);
        assert.deepEqual(result.provenance, {
            managedByCertdeploy: true,
            certificateId: "shop/prod/api",
            description: "managed by certdeploy, certificateId shop/prod/api",
        });
        assert.equal(result.tags.env, "production");
        assert.equal(result.inUseBy.length, 1);

        const other = jsonOf<AcmJson>(await cli(["--arn", foreignArn, "--endpoint", acm.endpoint, "--json"]));
        assert.deepEqual(other.provenance, { managedByCertdeploy: false, description: "not managed by certdeploy" });
        assert.equal(other.keyAlgorithm, "EC_prime256v1");
        assert.deepEqual(other.tags, { owner: "team-legacy" });
        assert.deepEqual(other.inUseBy, []);
    });

    it("an ARN that does not exist exits 1 with a not-found message, as text and as JSON", async () => {
        const missing = managedArn.replace(/certificate\/.*/, "certificate/00000000-0000-0000-0000-000000000000");
        const run = await cli(["--arn", missing, "--endpoint", acm.endpoint]);
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "");
        assert.ok(run.stderr.includes(`certificate not found: ${missing} does not exist in eu-west-1`), run.stderr);
        const json = await cli(["--arn", missing, "--endpoint", acm.endpoint, "--json"]);
        assert.equal(json.code, 1);
        const { error } = jsonOf<{ error: { exitCode: number; message: string } }>(json);
        assert.equal(error.exitCode, 1);
        assert.match(error.message, /^certificate not found: /);
    });

    it("access denied exits 1 naming the missing IAM action", async () => {
        acm.injectFault({ operation: "DescribeCertificate", kind: "accessDenied" });
        const run = await cli(["--arn", managedArn, "--endpoint", acm.endpoint]);
        acm.clearFaults();
        assert.equal(run.code, 1);
        assert.match(
            run.stderr,
            /DescribeCertificate on arn:aws:acm:.* was denied: grant the IAM action acm:DescribeCertificate/,
        );
    });

    it("a malformed ARN, an ARN from another region than --region, plain http to a remote endpoint or a missing --arn exits 2", async () => {
        const malformed = await cli(["--arn", "arn:aws:s3:::bucket", "--endpoint", acm.endpoint]);
        assert.equal(malformed.code, 2);
        assert.match(malformed.stderr, /--arn is not an ACM certificate ARN/);
        const region = await cli(["--arn", managedArn, "--region", "us-east-1", "--endpoint", acm.endpoint]);
        assert.equal(region.code, 2);
        assert.match(region.stderr, /--arn is in region eu-west-1 but --region is us-east-1/);
        const cleartext = await cli(["--arn", managedArn, "--endpoint", "http://acm.eu-west-1.example.com"]);
        assert.equal(cleartext.code, 2);
        assert.match(cleartext.stderr, /--endpoint uses http on a non-loopback host/);
        const none = await cli(["--endpoint", acm.endpoint]);
        assert.equal(none.code, 2);
        assert.match(none.stderr, /required option '--arn <arn>' not specified/);
    });
});
