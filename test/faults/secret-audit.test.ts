/**
 * Secret audit: canary keys (generated for this run) go through the flows a
 * stack lives through — a preview with bad input, create, rotate, rollback,
 * rollback_failed, a refused drift and its refresh, destroy — for both
 * targets, through TestStack (real provider host, real SDKs, emulators).
 * Then every place a key could escape to is searched for any fragment of any
 * canary: host logs, errors and CheckFailures, the state with its secret
 * envelopes removed, the metrics file, the audit log (CERTDEPLOY_AUDIT_LOG)
 * and the temporary directories the run created. Zero hits; and the state
 * holds each key only inside a secret envelope.
 *
 * Then the same search after hostile endpoints (hostile-endpoints.ts): an ACM
 * endpoint and a Key Vault / Entra token endpoint that echo each request back
 * in an error — raw PEM, 64-column base64 without armour, CRLF-plus-space
 * folding, colon hex, URL-encoded PEM, MIME base64 of the PFX, the password,
 * the client secret, the raw and URL-encoded body. The passwords and the
 * client secret are searched for too.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { acmCertificate, declare, keyVaultCertificate, secret } from "../programs/spec";
import { buildPfx } from "../../provider/keyvault/pfx";
import { startAcmEmulator } from "../../testing/acm";
import { startAzureWorld } from "../../testing/keyvault/world";
import type { OperationResult } from "../harness/engine";
import { isSecret, type JsonValue } from "../harness/wire";
import { TestStack } from "../e2e/stack";
import { CanaryIndex } from "./canary";
import { startEchoingAcm, startEchoingAzure } from "./hostile-endpoints";
import { Leaf, LeafIssuer } from "./material";
import { auditResults } from "./observation";

const PROJECT = "certdeploy-audit";
const VAULT = "audit-vault";

/** The value with every secret envelope replaced by a marker. */
function withoutSecrets(v: JsonValue): JsonValue {
    if (isSecret(v)) return "[secret]";
    if (Array.isArray(v)) return v.map(withoutSecrets);
    if (v !== null && typeof v === "object")
        return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, withoutSecrets(e)]));
    return v;
}

/** Regular files under `dir`, symlinks not followed. */
function filesUnder(dir: string): string[] {
    const out: string[] = [];
    let entries: fs.Dirent[];
    try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
        return out; // gone meanwhile
    }
    for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) out.push(...filesUnder(full));
        else if (e.isFile()) out.push(full);
    }
    return out;
}

const pemBody = (pem: string): Buffer =>
    Buffer.from(
        pem
            .split("\n")
            .filter((l) => l && !l.startsWith("-----"))
            .join(""),
        "base64",
    );

/** A key's PEM with most of its body cut off: malformed, still secret. */
const truncated = (keyPem: string): string => keyPem.slice(0, Math.floor(keyPem.length / 2));

describe("secret audit: no key material outside secret envelopes", () => {
    const canaries = new CanaryIndex();
    let issuer: LeafIssuer;
    let tmpBefore: Set<string>;
    let hostTmp: string;

    before(async () => {
        issuer = await LeafIssuer.start();
        tmpBefore = new Set(fs.readdirSync(os.tmpdir()));
        // The provider host's own TMPDIR, so anything it writes to a temp file is searched.
        hostTmp = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-audit-host-tmp-"));
    });
    after(() => fs.rmSync(hostTmp, { recursive: true, force: true }));

    /** Leaves whose keys are canaries. */
    async function canaryLeaves(n: number, key?: Parameters<LeafIssuer["leaf"]>[1]): Promise<Leaf[]> {
        const leaves = await Promise.all(Array.from({ length: n }, () => issuer.leaf("api.example.com", key)));
        for (const l of leaves) canaries.addKey(l.keyPem);
        return leaves;
    }

    /** Asserts the state keeps keys in secret envelopes only (to be called while resources exist). */
    function auditState(stack: TestStack): void {
        const state = stack.engine.state;
        assert.ok(state.resources.length > 0, "audit the state while it holds resources");
        for (const r of state.resources.filter((res) => res.custom)) {
            assert.ok(isSecret(r.inputs.privateKeyPem), `${r.urn}: inputs.privateKeyPem must be a secret`);
            assert.ok(isSecret(r.outputs.privateKeyPem), `${r.urn}: outputs.privateKeyPem must be a secret`);
        }
        assert.ok(
            canaries.findInText(JSON.stringify(state)) !== undefined,
            "the search must see the keys inside the envelopes (else it proves nothing)",
        );
        assert.equal(
            canaries.findInText(JSON.stringify(withoutSecrets(state as unknown as JsonValue))),
            undefined,
            "key material in state outside a secret envelope",
        );
    }

    /** Everything else a key could escape to. */
    function auditOutputs(stack: TestStack, results: OperationResult[]): void {
        const leaks: string[] = [];
        const search = (where: string, text: string): void => {
            const hit = canaries.findInText(text);
            if (hit !== undefined) leaks.push(`${where}: "${hit}"`);
        };
        search("host logs", stack.hostLogs());
        search("errors, CheckFailures and steps", JSON.stringify(results));
        search(
            "state (secret envelopes removed)",
            JSON.stringify(withoutSecrets(stack.engine.state as unknown as JsonValue)),
        );
        search("metrics", stack.metrics());
        search("audit log", fs.existsSync(stack.auditFile) ? fs.readFileSync(stack.auditFile, "utf8") : "");
        // The harness's program specs (test/programs/spec.ts) are the program as the test wrote it, keys included, not output.
        const newTmp = fs
            .readdirSync(os.tmpdir())
            .filter((e) => !tmpBefore.has(e) && !e.startsWith("certdeploy-specs-"))
            .map((e) => path.join(os.tmpdir(), e));
        const files = [...new Set([stack.dir, hostTmp, ...newTmp])].flatMap((d) =>
            fs.existsSync(d) && fs.lstatSync(d).isDirectory() ? filesUnder(d) : [d],
        );
        for (const file of files) {
            let bytes: Buffer;
            try {
                if (!fs.lstatSync(file).isFile() || fs.statSync(file).size > 50 * 1024 * 1024) continue;
                bytes = fs.readFileSync(file);
            } catch {
                continue; // removed meanwhile
            }
            const hit = canaries.findInBytes(bytes);
            if (hit !== undefined) leaks.push(`${file}: ${hit}`);
        }
        assert.ok(fs.existsSync(stack.auditFile) && stack.metrics() !== "", "the flows wrote an audit log and metrics");
        assert.deepEqual(leaks, [], `key material from ${canaries.count} canary keys found`);
    }

    it("the search finds a key in a PFX, in hex and in base64 at any offset, and nothing in the certificate", async () => {
        const leaf = await issuer.leaf("probe.example.com", { kind: "rsa", bits: 2048 });
        const probe = new CanaryIndex().addKey(leaf.keyPem);
        const der = pemBody(leaf.keyPem);
        const pfx = await buildPfx(der, [pemBody(leaf.certPem)]);
        assert.ok(probe.findInBytes(Buffer.from(pfx.bytes)), "raw PFX");
        assert.ok(probe.findInText(Buffer.from(pfx.bytes).toString("base64")), "base64 PFX");
        assert.ok(probe.findInText(`x${der.toString("hex")}y`), "hex DER");
        assert.ok(
            probe.findInText(Buffer.concat([Buffer.from([1]), der]).toString("base64")),
            "base64 DER at an offset",
        );
        assert.equal(
            probe.findInText(leaf.certPem + leaf.chainPem),
            undefined,
            "the certificate shows public parts only",
        );
    });

    /** Runs an operation, records its result and checks whether it succeeded. */
    const runner =
        (results: OperationResult[]) =>
        async (what: string, op: Promise<OperationResult>, ok: boolean): Promise<OperationResult> => {
            const result = await op;
            results.push(result);
            assert.equal(result.ok, ok, `${what}: ${result.errors.join("\n")}`);
            return result;
        };
    /** The echo reached the provider (else the search proves nothing), and was redacted. */
    const assertEchoed = (result: OperationResult): void =>
        assert.match(
            result.errors.join("\n"),
            /we received: [\s\S]*\[redacted/,
            "the endpoint's echo reached the error",
        );

    it("a hostile ACM endpoint echoing the key in every form: rotation, its rollback and a create leak nothing", async () => {
        const emulator = await startAcmEmulator();
        const hostile = await startEchoingAcm(emulator.endpoint);
        const stack = new TestStack({ TMPDIR: hostTmp }, PROJECT, "acm-hostile");
        const results: OperationResult[] = [];
        const run = runner(results);
        try {
            const [v1, v2, v3] = await canaryLeaves(3);
            const certificate = (l: Leaf, name: string) =>
                acmCertificate(name, {
                    region: "us-east-1",
                    certificatePem: l.certPem,
                    privateKeyPem: secret(l.keyPem),
                    chainPem: l.chainPem,
                    endpoint: hostile.endpoint,
                });
            const program = (l: Leaf, name: string) => declare([certificate(l, name)]);
            await run("create through the (still honest) endpoint", stack.up(program(v1, "api")), true);
            hostile.echoImports = true;
            // Import of v2 echoed; the rollback's import of v1 (the key from state) echoed too; v1 stays live.
            assertEchoed(await run("rotation against the echoing endpoint", stack.up(program(v2, "api")), false));
            assertEchoed(
                await run(
                    "a fresh create against the echoing endpoint",
                    stack.up(declare([certificate(v3, "api2"), certificate(v1, "api")])),
                    false,
                ),
            );
            auditState(stack);
            assert.deepEqual(auditResults(stack).slice(0, 2), ["succeeded", "rolled_back"]);
            hostile.echoImports = false;
            await run("destroy", stack.destroy(), true);
            assert.equal(emulator.certificates().size, 0);
            auditOutputs(stack, results);
        } finally {
            await hostile.close();
            await emulator.close();
            stack.cleanup();
        }
    });

    it("a hostile Key Vault and token endpoint echoing the PFX, its password and the client secret leak none of them", async () => {
        const azure = await startEchoingAzure("hostile-vault");
        const stack = new TestStack({ ...azure.env(), TMPDIR: hostTmp }, PROJECT, "kv-hostile");
        const results: OperationResult[] = [];
        const run = runner(results);
        try {
            const [v1, v2, v3] = await canaryLeaves(3, { kind: "rsa", bits: 2048 });
            const program = (l: Leaf) =>
                declare([
                    keyVaultCertificate("agw", {
                        vaultUrl: azure.vaultUrl,
                        certificateName: "hostile-agw",
                        certificatePem: l.certPem,
                        privateKeyPem: secret(l.keyPem),
                        chainPem: l.chainPem,
                        credentialMode: "client_secret",
                    }),
                ]);
            await run("create through the (still honest) vault", stack.up(program(v1)), true);
            azure.echoImports = true;
            assertEchoed(
                await run("rotation against the echoing vault (its rollback echoed too)", stack.up(program(v2)), false),
            );
            azure.echoImports = false;
            azure.echoTokens = true;
            assertEchoed(await run("a rotation whose token request is echoed", stack.up(program(v3)), false));
            auditState(stack);
            azure.echoTokens = false;
            await run("destroy", stack.destroy(), true);
            assert.ok(azure.pfxPasswords.length >= 3, `the vault saw ${azure.pfxPasswords.length} PFX passwords`);
            canaries.addSecretText(azure.clientSecret);
            for (const password of azure.pfxPasswords) canaries.addSecretText(password);
            auditOutputs(stack, results);
        } finally {
            await azure.close();
            stack.cleanup();
        }
    });

    it("AWS ACM: bad preview, create, rotate, rollback, rollback_failed, refused drift + refresh, destroy", async () => {
        const acm = await startAcmEmulator();
        const stack = new TestStack({ TMPDIR: hostTmp }, PROJECT, "acm");
        const results: OperationResult[] = [];
        const run = async (what: string, op: Promise<OperationResult>, ok: boolean): Promise<OperationResult> => {
            const result = await op;
            results.push(result);
            assert.equal(result.ok, ok, `${what}: ${result.errors.join("\n")}`);
            return result;
        };
        try {
            const [v1, v2, v3, v4, v5, stranger] = await canaryLeaves(6);
            const program = (l: Leaf, name = "api", key = l.keyPem) =>
                declare([
                    acmCertificate(name, {
                        region: "us-east-1",
                        certificatePem: l.certPem,
                        privateKeyPem: secret(key),
                        chainPem: l.chainPem,
                        tags: { env: "production" },
                        endpoint: acm.endpoint,
                    }),
                ]);
            // Preview stops at the first resource whose Check fails, as `pulumi preview` does: one preview per bad key.
            for (const [name, key] of [
                ["wrong-key", stranger.keyPem],
                ["cut-key", truncated(stranger.keyPem)],
            ]) {
                const bad = await run(`preview with ${name}`, stack.preview(program(v1, name, key)), false);
                assert.equal(
                    bad.steps.filter((s) => s.checkFailures?.some((f) => f.property === "privateKeyPem")).length,
                    1,
                );
            }

            await run("create", stack.up(program(v1)), true);
            const arn = stack.outputs("api").arn as string;
            await run("rotate", stack.up(program(v2)), true);
            acm.injectFault({ operation: "ImportCertificate", kind: "ackNotApplied" });
            await run("rollback", stack.up(program(v3)), false);
            acm.injectFault({ operation: "AddTagsToCertificate", kind: "accessDenied" });
            acm.injectFault({ operation: "ImportCertificate", kind: "internal", afterCalls: 1, times: 2 });
            await run("rollback_failed", stack.up(program(v3)), false);
            acm.clearFaults();
            auditState(stack);
            acm.putOutOfBand(arn, v4.certPem, v4.keyPem, v4.chainPem);
            await run("rotation refused over drift", stack.up(program(v5)), false);
            await run("refresh records the drift", stack.refresh(), true);
            assert.deepEqual(auditResults(stack), [
                "succeeded",
                "succeeded",
                "rolled_back",
                "rollback_failed",
                "aborted",
            ]);
            assert.match(stack.hostLogs(), /changed outside Pulumi/, "the host's logs are captured");
            await run("destroy", stack.destroy(), true);
            assert.equal(acm.certificates().size, 0);
            auditOutputs(stack, results);
        } finally {
            await acm.close();
            stack.cleanup();
        }
    });

    it("Azure Key Vault: bad preview, create, rotate, rollback, rollback_failed, refused drift + refresh, destroy", async () => {
        const world = await startAzureWorld({ vaults: [VAULT] });
        const stack = new TestStack({ ...world.env("managed_identity"), TMPDIR: hostTmp }, PROJECT, "kv");
        const results: OperationResult[] = [];
        const run = async (what: string, op: Promise<OperationResult>, ok: boolean): Promise<OperationResult> => {
            const result = await op;
            results.push(result);
            assert.equal(result.ok, ok, `${what}: ${result.errors.join("\n")}`);
            return result;
        };
        try {
            const [v1, v2, v3, v4, v5, stranger] = await canaryLeaves(6, { kind: "rsa", bits: 2048 });
            const program = (l: Leaf, name = "agw", key = l.keyPem) =>
                declare([
                    keyVaultCertificate(name, {
                        vaultUrl: world.vault(VAULT),
                        certificateName: `audit-${name}`,
                        certificatePem: l.certPem,
                        privateKeyPem: secret(key),
                        chainPem: l.chainPem,
                        tags: { env: "production" },
                        credentialMode: "managed_identity",
                    }),
                ]);
            // Preview stops at the first resource whose Check fails, as `pulumi preview` does: one preview per bad key.
            for (const [name, key] of [
                ["wrong-key", stranger.keyPem],
                ["cut-key", truncated(stranger.keyPem)],
            ]) {
                const bad = await run(`preview with ${name}`, stack.preview(program(v1, name, key)), false);
                assert.equal(
                    bad.steps.filter((s) => s.checkFailures?.some((f) => f.property === "privateKeyPem")).length,
                    1,
                );
            }

            const kv = world.keyVaultFor(VAULT);
            const blindVerify = {
                operation: "getCertificate" as const,
                kind: "internal" as const,
                afterCalls: 1,
                times: 8,
            };
            await run("create", stack.up(program(v1)), true);
            await run("rotate", stack.up(program(v2)), true);
            kv.injectFault(blindVerify);
            await run("rollback", stack.up(program(v3)), false);
            kv.injectFault(blindVerify);
            kv.injectFault({ operation: "import", kind: "internal", afterCalls: 1, times: 2 });
            await run("rollback_failed", stack.up(program(v3)), false);
            kv.clearFaults();
            auditState(stack);
            kv.importOutOfBand("audit-agw", { pem: v4.keyPem + v4.certPem });
            await run("rotation refused over drift", stack.up(program(v5)), false);
            await run("refresh records the drift", stack.refresh(), true);
            assert.deepEqual(auditResults(stack), [
                "succeeded",
                "succeeded",
                "rolled_back",
                "rollback_failed",
                "aborted",
            ]);
            assert.match(stack.hostLogs(), /written outside Pulumi/, "the host's logs are captured");
            await run("destroy", stack.destroy(), true);
            // The live version is the one imported out of band (no claim of this instance): destroy retains it (DESIGN.md §8).
            assert.equal(kv.latest("audit-agw")?.source, "outOfBand", "retained: the out-of-band version stays live");
            assert.equal(kv.deleted("audit-agw"), undefined, "not soft-deleted");
            auditOutputs(stack, results);
        } finally {
            await world.close();
            stack.cleanup();
        }
    });
});
