/**
 * `pulumi preview` through the real provider host: the bad-input corpus as
 * CheckFailures, no network call at all, no cloud SDK loaded, no key material
 * in any output, and a small serialized provider.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificate, KeyVaultCertificate } from "../../sdk";
import { buildCorpus, Case } from "../fixtures/bad-inputs";
import { startProviderHost, type CheckFailure } from "../harness/host";
import { networkGuardEnv, outboundAttempts, readNetworkLog } from "../harness/network-log";
import { runProgram } from "../harness/program";
import { removeSecretsFromMap } from "../harness/wire";
import {
    acmCertificate,
    declare,
    keyVaultCertificate,
    secret,
    type Args,
    type DeclaredResource,
} from "../programs/spec";
import { TestStack } from "./stack";

const PROJECT = "certdeploy-preview";

/** Registers every corpus case as its own resource, secrets as a user would mark them. */
function corpusProgram(cases: Case[]): () => void {
    return () => {
        cases.forEach((c, i) => {
            const inputs = {
                ...c.inputs,
                privateKeyPem:
                    typeof c.inputs.privateKeyPem === "string"
                        ? pulumi.secret(c.inputs.privateKeyPem)
                        : c.inputs.privateKeyPem,
            };
            if (c.target === "acm") new AcmCertificate(`case-${i}`, inputs as never);
            else new KeyVaultCertificate(`case-${i}`, inputs as never);
        });
    };
}

/** A corpus case as a declared resource for the engine's program. */
function declared(c: Case, i: number): DeclaredResource {
    const args = { ...c.inputs } as Args;
    if (typeof c.inputs.privateKeyPem === "string") args.privateKeyPem = secret(c.inputs.privateKeyPem);
    return c.target === "acm" ? acmCertificate(`case-${i}`, args) : keyVaultCertificate(`case-${i}`, args);
}

describe("pulumi preview through the provider host", () => {
    let corpus: Case[];
    let dir: string;
    before(async () => {
        corpus = await buildCorpus();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-preview-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Canary: no fragment of any key in the corpus appears in `text`. */
    function assertNoKeyEcho(text: string): void {
        for (const c of corpus) {
            const key = c.inputs.privateKeyPem;
            if (typeof key !== "string" || !key.includes("-----BEGIN")) continue;
            const body = key
                .split("\n")
                .filter((l) => l && !l.startsWith("-----") && !l.includes(":"))
                .join("");
            for (let i = 0; i + 32 <= body.length; i += 64)
                assert.ok(!text.includes(body.slice(i, i + 32)), `key material of "${c.name}" leaked`);
        }
    }

    it("Check of every corpus case through the real host names the property and reason, makes no network call, and never echoes a key", async () => {
        // One preview per case would take minutes (preview stops at the first invalid resource,
        // see "a preview of the corpus stops at the first invalid resource" below), so each case's
        // registration is sent to the host's Check directly: the call preview makes for it.
        const netLog = path.join(dir, "net.jsonl");
        const regs = await runProgram(corpusProgram(corpus), { project: PROJECT, stack: "dev", preview: true });
        const host = await startProviderHost({
            project: PROJECT,
            env: { ...networkGuardEnv(netLog), CERTDEPLOY_SDK_LOAD_LOG: "1" },
        });
        let logs: { stdout: string; stderr: string };
        const failuresOf = new Map<string, CheckFailure[]>();
        try {
            await host.configure();
            for (const reg of regs)
                failuresOf.set(reg.name, (await host.check(reg.urn, {}, removeSecretsFromMap(reg.inputs))).failures);
        } finally {
            await host.close();
            logs = host.logs();
        }
        const wrong: string[] = [];
        corpus.forEach((c, i) => {
            const failures = failuresOf.get(`case-${i}`) ?? [];
            if (c.expect.length === 0 && failures.length > 0)
                wrong.push(`${c.name}: unexpected ${JSON.stringify(failures)}`);
            for (const e of c.expect)
                if (!failures.some((f) => f.property === e.property && e.reason.test(f.reason)))
                    wrong.push(`${c.name}: expected ${e.property} ~ ${e.reason}, got ${JSON.stringify(failures)}`);
        });
        assert.deepEqual(wrong, []);
        assert.deepEqual(outboundAttempts(readNetworkLog(netLog)), [], "preview made a network call");
        assertNoKeyEcho(JSON.stringify([...failuresOf]) + logs.stdout + logs.stderr);
    });

    it("a preview of the corpus through the engine stops at the first invalid resource, writes nothing and calls no network", async () => {
        const netLog = path.join(dir, "engine-net.jsonl");
        const stack = new TestStack({ ...networkGuardEnv(netLog) }, PROJECT, "engine");
        try {
            const result = await stack.preview(declare(corpus.map(declared)));
            assert.equal(result.ok, false);
            // Registrations arrive in the order the SDK finishes preparing them, so the first invalid
            // resource to *arrive* is where the preview stops: it is the one failed step, and the last.
            const failed = result.steps.filter((s) => s.status === "failed");
            assert.equal(
                failed.length,
                1,
                "step_generator.go: an invalid resource is a bail error, so nothing after it is checked",
            );
            assert.equal(result.steps.at(-1), failed[0], "no resource is planned after the invalid one");
            const index = Number(failed[0].urn.split("::case-").pop());
            assert.ok(corpus[index].expect.length > 0, `${corpus[index].name} is an invalid case`);
            assert.ok((failed[0].checkFailures ?? []).length > 0);
            assert.ok(result.steps.length < corpus.length, "the rest of the corpus was never checked");
            assert.equal(stack.customResources().length, 0, "preview writes no state");
            assert.deepEqual(outboundAttempts(readNetworkLog(netLog)), [], "preview made a network call");
            assertNoKeyEcho(JSON.stringify(result) + stack.hostLogs());
        } finally {
            stack.cleanup();
        }
    });

    it("serializes a provider under 2 KB with no machine path in it", async () => {
        const regs = await runProgram(corpusProgram(corpus.slice(0, 2)), {
            project: PROJECT,
            stack: "dev",
            preview: true,
        });
        for (const reg of regs) {
            assert.ok(reg.providerSource.length < 2048, `${reg.type}: ${reg.providerSource.length} bytes`);
            assert.ok(
                !reg.providerSource.includes(process.cwd()) &&
                    !reg.providerSource.includes("/work/") &&
                    !reg.providerSource.includes(os.tmpdir()),
                "machine path",
            );
            assert.match(reg.providerSource, /require\("certdeploy\/provider"\)/);
        }
    });
});
