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
import { Engine } from "../harness/engine";
import { startProviderHost } from "../harness/host";
import { networkGuardEnv, outboundAttempts, readNetworkLog } from "../harness/network-log";
import { runProgram } from "../harness/program";

const PROJECT = "certdeploy-preview";

/** Registers every corpus case as its own resource, secrets as a user would mark them. */
function corpusProgram(cases: Case[]): () => void {
    return () => {
        cases.forEach((c, i) => {
            const inputs = { ...c.inputs, privateKeyPem: typeof c.inputs.privateKeyPem === "string" ? pulumi.secret(c.inputs.privateKeyPem) : c.inputs.privateKeyPem };
            if (c.target === "acm") new AcmCertificate(`case-${i}`, inputs as never);
            else new KeyVaultCertificate(`case-${i}`, inputs as never);
        });
    };
}

describe("pulumi preview through the provider host", () => {
    let corpus: Case[];
    let dir: string;
    before(async () => {
        corpus = await buildCorpus();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-preview-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reports every corpus case with the property and reason, makes no network call, and never echoes a key", async () => {
        const netLog = path.join(dir, "net.jsonl");
        const regs = await runProgram(corpusProgram(corpus), { project: PROJECT, stack: "dev", preview: true });
        const host = await startProviderHost({ project: PROJECT, env: { ...networkGuardEnv(netLog), CERTDEPLOY_SDK_LOAD_LOG: "1" } });
        let logs: { stdout: string; stderr: string };
        const engine = new Engine();
        let result;
        try {
            result = await engine.preview(host, regs);
        } finally {
            await host.close();
            logs = host.logs();
        }
        const wrong: string[] = [];
        corpus.forEach((c, i) => {
            const step = result.steps.find((s) => s.urn.endsWith(`::case-${i}`));
            const failures = step?.checkFailures ?? [];
            if (c.expect.length === 0 && failures.length > 0) wrong.push(`${c.name}: unexpected ${JSON.stringify(failures)}`);
            for (const e of c.expect)
                if (!failures.some((f) => f.property === e.property && e.reason.test(f.reason)))
                    wrong.push(`${c.name}: expected ${e.property} ~ ${e.reason}, got ${JSON.stringify(failures)}`);
        });
        assert.deepEqual(wrong, []);
        assert.deepEqual(outboundAttempts(readNetworkLog(netLog)), [], "preview made a network call");
        assert.equal(engine.state.resources.length, 0, "preview writes no state");
        // Canary: no fragment of any key in the corpus appears in a failure, log line or error.
        const everything = JSON.stringify(result) + logs.stdout + logs.stderr;
        for (const c of corpus) {
            const key = c.inputs.privateKeyPem;
            if (typeof key !== "string" || !key.includes("-----BEGIN")) continue;
            const body = key
                .split("\n")
                .filter((l) => l && !l.startsWith("-----") && !l.includes(":"))
                .join("");
            for (let i = 0; i + 32 <= body.length; i += 64) assert.ok(!everything.includes(body.slice(i, i + 32)), `key material of "${c.name}" leaked`);
        }
    });

    it("serializes a provider under 2 KB with no machine path in it", async () => {
        const regs = await runProgram(corpusProgram(corpus.slice(0, 2)), { project: PROJECT, stack: "dev", preview: true });
        for (const reg of regs) {
            assert.ok(reg.providerSource.length < 2048, `${reg.type}: ${reg.providerSource.length} bytes`);
            assert.ok(!reg.providerSource.includes(process.cwd()) && !reg.providerSource.includes("/work/") && !reg.providerSource.includes(os.tmpdir()), "machine path");
            assert.match(reg.providerSource, /require\("certdeploy\/provider"\)/);
        }
    });
});
