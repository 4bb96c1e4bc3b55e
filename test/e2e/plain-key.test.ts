/**
 * A key passed as a plain string (no `pulumi.secret`) is still a secret
 * (issue 12): the resource classes wrap secret inputs themselves, because
 * `additionalSecretOutputs` covers outputs only and the engine would store a
 * plain input unencrypted in the state's inputs and show it in preview. The
 * program runs under the real Node language runtime (harness engine), the
 * provider in the real host, against the ACM emulator; both classes'
 * registrations are checked too (mock runtime, program shape).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AcmCertificate, KeyVaultCertificate } from "../../sdk";
import { startAcmEmulator } from "../../testing/acm";
import { hierarchy } from "../../testing/pki";
import { runProgram } from "../harness/program";
import { acmCertificate, declare } from "../programs/spec";
import { isSecret, type JsonValue } from "../harness/wire";
import { TestStack } from "./stack";

/** The value with every secret envelope replaced by a marker. */
function withoutSecrets(v: JsonValue): JsonValue {
    if (isSecret(v)) return "[secret]";
    if (Array.isArray(v)) return v.map(withoutSecrets);
    if (v !== null && typeof v === "object")
        return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, withoutSecrets(e)]));
    return v;
}

/** The key's second body line: certainly key material, never in a certificate. */
const keyLine = (pem: string): string => pem.split("\n")[2];

describe("a private key given as a plain string", () => {
    it("is registered as a secret input by both resource classes", async () => {
        const h = await hierarchy();
        const regs = await runProgram(
            () => {
                new AcmCertificate("api", {
                    region: "us-east-1",
                    certificatePem: h.leaf.certPem,
                    privateKeyPem: h.leaf.keyPem,
                });
                new KeyVaultCertificate("kv", {
                    vaultUrl: "https://plain-vault.vault.azure.net",
                    certificateName: "api",
                    certificatePem: h.leaf.certPem,
                    privateKeyPem: h.leaf.keyPem,
                });
            },
            { project: "plain-key", stack: "dev", preview: true },
        );
        assert.equal(regs.length, 2);
        for (const r of regs) {
            assert.ok(
                r.secretInputs.includes("privateKeyPem"),
                `${r.name}: privateKeyPem goes on the wire as a secret`,
            );
            assert.ok(
                !JSON.stringify(withoutSecrets(r.inputs)).includes(keyLine(h.leaf.keyPem)),
                `${r.name}: no key outside the envelope`,
            );
        }
    });

    it("lands in state (inputs and outputs) only inside a secret envelope after preview, up and a rotation", async () => {
        const acm = await startAcmEmulator();
        const stack = new TestStack({}, "plain-key", "acm");
        try {
            const [v1, v2] = await Promise.all([hierarchy("api.example.com"), hierarchy("api.example.com")]);
            // No secret(…) around the key: the class itself must make it one.
            const program = (h: typeof v1) =>
                declare([
                    acmCertificate("api", {
                        region: "us-east-1",
                        certificatePem: h.leaf.certPem,
                        privateKeyPem: h.leaf.keyPem,
                        chainPem: h.chainPem,
                        endpoint: acm.endpoint,
                    }),
                ]);
            const preview = await stack.preview(program(v1));
            assert.equal(preview.ok, true, preview.errors.join("\n"));
            for (const [what, h] of [
                ["create", v1],
                ["rotation", v2],
            ] as const) {
                const result = await stack.up(program(h));
                assert.equal(result.ok, true, `${what}: ${result.errors.join("\n")}`);
                const [res] = stack.customResources();
                assert.ok(isSecret(res.inputs.privateKeyPem), `${what}: inputs.privateKeyPem is a secret`);
                assert.ok(isSecret(res.outputs.privateKeyPem), `${what}: outputs.privateKeyPem is a secret`);
                const state = JSON.stringify(stack.engine.state);
                assert.ok(
                    state.includes(keyLine(h.leaf.keyPem).slice(0, 40)),
                    `${what}: the search sees the key inside the envelope`,
                );
                const outside = JSON.stringify(withoutSecrets(stack.engine.state as unknown as JsonValue));
                for (const k of [v1, v2])
                    assert.ok(
                        !outside.includes(keyLine(k.leaf.keyPem).slice(0, 40)),
                        `${what}: key material outside a secret envelope`,
                    );
                assert.ok(
                    !JSON.stringify(result).includes(keyLine(h.leaf.keyPem).slice(0, 40)),
                    `${what}: key material in the operation's result`,
                );
            }
            assert.ok(!stack.hostLogs().includes(keyLine(v1.leaf.keyPem).slice(0, 40)), "key material in host logs");
            const live = [...acm.certificates().values()];
            assert.equal(live.length, 1, "one ARN, rotated in place");
            assert.equal((await stack.destroy()).ok, true);
        } finally {
            await acm.close();
            stack.cleanup();
        }
    });
});
