/** `certdeploy validate`: the preview checks on files, offline; exit codes, messages that name the property, JSON shape, no key in any output. */
import * as assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { hierarchy, issue, type Hierarchy } from "../../testing/pki";
import { assertNoKeyMaterial, TempFiles } from "./material-files";
import { jsonOf, runCli, type CliRun } from "./run-cli";

interface ValidateJson {
    target: string;
    valid: boolean;
    failures: { property: string; reason: string }[];
    warnings: { property: string; reason: string }[];
    skipped: string[];
    certificate?: {
        subject: string;
        issuer: string;
        subjectAlternativeNames: string[];
        serial: string;
        notBefore: string;
        notAfter: string;
        daysToExpiry: number;
        keyAlgorithm?: string;
        fingerprintSha256: string;
        chain: string[];
    };
}

const DAY = 86_400_000;
const colonHex = (hex: string): string => (hex.length % 2 ? `0${hex}` : hex).match(/../g)!.join(":").toLowerCase();

describe("certdeploy validate", () => {
    const files = new TempFiles();
    let rsa: Hierarchy;
    let ec: Hierarchy;
    let keys: string[];
    const outputs: string[] = [];
    const cli = async (args: string[]): Promise<CliRun> => {
        const run = await runCli(["validate", ...args]);
        outputs.push(run.stdout, run.stderr);
        return run;
    };

    before(async () => {
        rsa = await hierarchy(
            "api.example.com",
            { kind: "rsa", bits: 2048 },
            { sans: ["api.example.com", "www.example.com"] },
        );
        ec = await hierarchy("kv.example.com");
        const expired = await issue({
            cn: "old.example.com",
            issuer: rsa.intermediate,
            notBefore: new Date(Date.now() - 100 * DAY),
            notAfter: new Date(Date.now() - DAY),
        });
        const soon = await issue({
            cn: "soon.example.com",
            issuer: rsa.intermediate,
            notAfter: new Date(Date.now() + 10 * DAY),
        });
        const ed = await issue({ cn: "ed.example.com", key: { kind: "ed25519" }, issuer: rsa.intermediate });
        keys = [
            rsa.leaf.keyPem,
            ec.leaf.keyPem,
            expired.keyPem,
            soon.keyPem,
            ed.keyPem,
            rsa.intermediate.keyPem,
            rsa.root.keyPem,
        ];
        files.write("rsa.crt", rsa.leaf.certPem);
        files.write("rsa.key", rsa.leaf.keyPem);
        files.write("rsa-chain.pem", rsa.chainPem);
        files.write("rsa-chain-reversed.pem", rsa.root.certPem + rsa.intermediate.certPem);
        files.write("ec.crt", ec.leaf.certPem);
        files.write("ec.key", ec.leaf.keyPem);
        files.write("ec-chain.pem", ec.chainPem);
        files.write("expired.crt", expired.certPem);
        files.write("expired.key", expired.keyPem);
        files.write("soon.crt", soon.certPem);
        files.write("soon.key", soon.keyPem);
        files.write("ed.crt", ed.certPem);
        files.write("ed.key", ed.keyPem);
    });

    after(() => {
        files.cleanup();
        assertNoKeyMaterial(outputs.join("\n"), keys);
    });

    const acmArgs = (cert: string, key: string, chain?: string): string[] => [
        "--target",
        "acm",
        "--cert",
        files.path(cert),
        "--key",
        files.path(key),
        ...(chain ? ["--chain", files.path(chain)] : []),
    ];

    it("valid ACM material exits 0 and shows subject, SANs, colon-hex serial, validity, ACM key algorithm and SHA-256 fingerprint", async () => {
        const run = await cli([...acmArgs("rsa.crt", "rsa.key", "rsa-chain.pem"), "--region", "eu-west-1"]);
        assert.equal(run.code, 0, run.stderr);
        const node = new X509Certificate(rsa.leaf.certPem);
        assert.match(run.stdout, /AWS Certificate Manager: valid/);
        assert.match(run.stdout, /subject\s+CN=api\.example\.com/);
        assert.match(run.stdout, /SANs\s+api\.example\.com, www\.example\.com/);
        assert.ok(run.stdout.includes(colonHex(rsa.leaf.serial)), run.stdout);
        assert.ok(
            run.stdout.includes(`${rsa.leaf.cert.notBefore.toISOString()} → ${rsa.leaf.cert.notAfter.toISOString()}`),
            run.stdout,
        );
        assert.match(run.stdout, /\(\d+ days left\)/);
        assert.match(run.stdout, /key algorithm\s+RSA_2048/);
        assert.ok(run.stdout.includes(node.fingerprint256.toLowerCase()), run.stdout);
        assert.match(run.stdout, /chain\s+CN=certdeploy test intermediate → CN=certdeploy test root/);
        assert.equal(run.stderr, "");
    });

    it("valid Key Vault material exits 0 with the key named as Key Vault sees it, and the vault URL and name checked", async () => {
        const run = await cli([
            "--target",
            "keyvault",
            "--cert",
            files.path("ec.crt"),
            "--key",
            files.path("ec.key"),
            "--chain",
            files.path("ec-chain.pem"),
            "--vault-url",
            "https://prod-vault.vault.azure.net",
            "--name",
            "api-prod",
        ]);
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /Azure Key Vault: valid/);
        assert.match(run.stdout, /key algorithm\s+EC prime256v1/);
        assert.doesNotMatch(run.stdout, /not checked/);
    });

    it("a key that belongs to another certificate exits 1 naming privateKeyPem", async () => {
        const run = await cli(acmArgs("rsa.crt", "ec.key", "rsa-chain.pem"));
        assert.equal(run.code, 1);
        assert.match(run.stdout, /invalid \(1 failure\)/);
        assert.match(run.stdout, /✘ privateKeyPem does not match certificatePem/);
    });

    it("an expired certificate exits 1 naming certificatePem, and still describes the certificate", async () => {
        const run = await cli(acmArgs("expired.crt", "expired.key", "rsa-chain.pem"));
        assert.equal(run.code, 1);
        assert.match(run.stdout, /✘ certificatePem expired on/);
        assert.match(run.stdout, /subject\s+CN=old\.example\.com/);
        assert.match(run.stdout, /expired \d+ days ago/);
    });

    it("a chain in the wrong order exits 1 naming chainPem and spelling out the right order", async () => {
        const run = await cli(acmArgs("rsa.crt", "rsa.key", "rsa-chain-reversed.pem"));
        assert.equal(run.code, 1);
        assert.match(
            run.stdout,
            /✘ chainPem is out of order.*"CN=certdeploy test intermediate", then "CN=certdeploy test root"/,
        );
    });

    it("a certificate expiring within 30 days is valid with a warning", async () => {
        const run = await cli(acmArgs("soon.crt", "soon.key", "rsa-chain.pem"));
        assert.equal(run.code, 0);
        assert.match(run.stdout, /warnings:\n\s+! certificatePem expires in \d+ days/);
    });

    it("a key type ACM cannot import exits 1 naming privateKeyPem; Key Vault's own key rules apply to --target keyvault", async () => {
        const acm = await cli(acmArgs("ed.crt", "ed.key", "rsa-chain.pem"));
        assert.equal(acm.code, 1);
        assert.match(acm.stdout, /✘ privateKeyPem is ED25519; ACM imports only/);
        assert.match(acm.stdout, /key algorithm\s+ED25519 \(ACM cannot import it\)/);
        const kv = await cli(["--target", "keyvault", "--cert", files.path("ed.crt"), "--key", files.path("ed.key")]);
        assert.equal(kv.code, 1);
        assert.match(kv.stdout, /✘ privateKeyPem is ED25519; Key Vault imports/);
    });

    it("a private key given as the certificate exits 1 without echoing the key", async () => {
        const run = await cli(acmArgs("rsa.key", "rsa.key"));
        assert.equal(run.code, 1);
        assert.match(run.stdout, /✘ certificatePem holds a private key block/);
    });

    it("--region us-east-1 adds the CloudFront warning for keys CloudFront refuses; without --region the region checks are reported as skipped", async () => {
        const withoutRegion = await cli(acmArgs("rsa.crt", "rsa.key", "rsa-chain.pem"));
        assert.equal(withoutRegion.code, 0);
        assert.match(withoutRegion.stdout, /not checked \(not given\): region/);
        const p384 = await hierarchy("edge.example.com", { kind: "ec", curve: "P-384" });
        keys.push(p384.leaf.keyPem);
        files.write("p384.crt", p384.leaf.certPem);
        files.write("p384.key", p384.leaf.keyPem);
        const run = await cli([...acmArgs("p384.crt", "p384.key"), "--region", "us-east-1"]);
        assert.equal(run.code, 0);
        assert.match(run.stdout, /! privateKeyPem is EC_secp384r1; ACM accepts it but CloudFront does not/);
    });

    it("--json prints the result, failures and warnings with their property, and the certificate summary", async () => {
        const ok = await cli([...acmArgs("rsa.crt", "rsa.key", "rsa-chain.pem"), "--region", "us-east-1", "--json"]);
        assert.equal(ok.code, 0);
        const good = jsonOf<ValidateJson>(ok);
        assert.equal(good.target, "acm");
        assert.equal(good.valid, true);
        assert.deepEqual(good.failures, []);
        assert.deepEqual(good.skipped, []);
        assert.equal(good.certificate?.serial, colonHex(rsa.leaf.serial));
        assert.equal(good.certificate?.keyAlgorithm, "RSA_2048");
        assert.deepEqual(good.certificate?.subjectAlternativeNames, ["api.example.com", "www.example.com"]);
        assert.equal(
            good.certificate?.fingerprintSha256,
            new X509Certificate(rsa.leaf.certPem).fingerprint256.toLowerCase(),
        );
        assert.ok((good.certificate?.daysToExpiry ?? 0) >= 88);
        assert.deepEqual(Object.keys(good).sort(), [
            "certificate",
            "failures",
            "skipped",
            "target",
            "valid",
            "warnings",
        ]);

        const bad = await cli([...acmArgs("rsa.crt", "ec.key", "rsa-chain-reversed.pem"), "--json"]);
        assert.equal(bad.code, 1);
        const result = jsonOf<ValidateJson>(bad);
        assert.equal(result.valid, false);
        assert.deepEqual(result.failures.map((f) => f.property).sort(), ["chainPem", "privateKeyPem"]);
        for (const f of result.failures) assert.ok(f.reason.startsWith(`${f.property} `), f.reason);
        assert.deepEqual(result.skipped, ["region"]);
    });

    it("a missing file exits 2 naming the option and the path, as text and as JSON", async () => {
        const missing = files.path("nope.key");
        const run = await cli(acmArgs("rsa.crt", "nope.key"));
        assert.equal(run.code, 2);
        assert.equal(run.stdout, "");
        assert.ok(run.stderr.includes(`cannot read --key ${missing}: no such file`), run.stderr);
        const json = await cli([...acmArgs("rsa.crt", "nope.key"), "--json"]);
        assert.equal(json.code, 2);
        assert.deepEqual(jsonOf(json), {
            error: { exitCode: 2, message: `cannot read --key ${missing}: no such file` },
        });
        const dir = await cli(["--target", "acm", "--cert", files.dir, "--key", files.path("rsa.key")]);
        assert.equal(dir.code, 2);
        assert.match(dir.stderr, /cannot read --cert .*: is a directory/);
    });

    it("a wrong or missing --target, or an option of the other target, exits 2", async () => {
        const wrong = await cli(["--target", "gcp", "--cert", files.path("rsa.crt"), "--key", files.path("rsa.key")]);
        assert.equal(wrong.code, 2);
        assert.match(wrong.stderr, /argument 'gcp' is invalid\. Allowed choices are acm, keyvault/);
        const none = await cli(["--cert", files.path("rsa.crt"), "--key", files.path("rsa.key")]);
        assert.equal(none.code, 2);
        assert.match(none.stderr, /required option '--target <target>' not specified/);
        const mixed = await cli([
            "--target",
            "keyvault",
            "--region",
            "us-east-1",
            "--cert",
            files.path("rsa.crt"),
            "--key",
            files.path("rsa.key"),
        ]);
        assert.equal(mixed.code, 2);
        assert.match(mixed.stderr, /--region applies only to --target acm/);
    });
});
