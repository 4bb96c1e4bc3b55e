/**
 * Redaction knows the secrets in play (issue 12): a private key, a PFX and
 * its password, a client secret are removed from any text we emit in every
 * form an echoing endpoint produces; our own hints survive untouched; the
 * guard around a provider scrubs what it throws and returns; the cost is
 * linear. The leak search is the secret audit's own (test/faults/canary.ts),
 * independent of the redactor.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { buildPfx } from "../../provider/keyvault/pfx";
import { readPemBlocks } from "../../provider/material/pem";
import { guardedProvider } from "../../provider/redaction/guarded-provider";
import { redact } from "../../provider/redaction/redact";
import { withSecretsInPlay } from "../../provider/redaction/secrets-in-play";
import { CanaryIndex } from "../faults/canary";
import { echoBody, echoBytes, echoPem } from "../faults/hostile-endpoints";
import { hierarchy, newTestKey, traditionalPem } from "../../testing/pki";

const derOf = (pem: string): Buffer => readPemBlocks(pem, "PRIVATE KEY")[0].der;

describe("redaction of the secrets in play", () => {
    it("removes a key in every echoed form: raw, 64-column, CRLF-folded, colon hex, URL-encoded, JSON, base64 of the PEM, DER at any offset, base64url, a 16-character piece", async () => {
        const h = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
        const key = h.leaf.keyPem;
        const der = derOf(key);
        const body = key
            .split("\n")
            .filter((l) => l && !l.startsWith("-----"))
            .join("");
        const forms: Record<string, string> = {
            ...Object.fromEntries(echoPem(key).map((f, i) => [`echoPem #${i}`, f])),
            json: JSON.stringify({ PrivateKey: Buffer.from(key).toString("base64") }),
            "json-quoted PEM": JSON.stringify({ key }),
            "DER at offset 1": Buffer.concat([Buffer.from([7]), der]).toString("base64"),
            "DER at offset 2": Buffer.concat([Buffer.from([7, 7]), der]).toString("base64"),
            base64url: der.toString("base64url"),
            "lowercase hex with spaces": (der.toString("hex").match(/../g) ?? []).join(" "),
        };
        const canary = new CanaryIndex().addKey(key);
        withSecretsInPlay([key], () => {
            for (const [name, form] of Object.entries(forms)) {
                const out = redact(`upstream said: ${form} (end)`);
                assert.equal(canary.findInText(out), undefined, `${name} leaked: ${out.slice(0, 200)}`);
                assert.match(out, /^upstream said: [\s\S]*\(end\)$/, `${name}: the text around the secret stays`);
            }
            const piece = body.slice(500, 516);
            assert.equal(redact(`piece ${piece} here`), "piece [redacted] here", "any 16-character substring");
        });
        assert.ok(
            canary.findInText(redact(forms["echoPem #1"])) !== undefined,
            "outside the scope the key is not known (64-column lines without armour are no shape)",
        );
    });

    it("removes a PFX noted during the call and its password, and the client secret from the environment", async () => {
        const h = await hierarchy("kv.example.com", { kind: "rsa", bits: 2048 });
        const saved = process.env.AZURE_CLIENT_SECRET;
        const clientSecret = "cds~Q8a.Zr-1Tq_vX0pLm7YbN3kW9sHe2uJcD4fG";
        process.env.AZURE_CLIENT_SECRET = clientSecret;
        try {
            await withSecretsInPlay([], async () => {
                const pfx = await buildPfx(derOf(h.leaf.keyPem), [readPemBlocks(h.leaf.certPem, "CERTIFICATE")[0].der]);
                const echo = [
                    ...echoBytes(Buffer.from(pfx.bytes)),
                    pfx.password,
                    ...echoBody(`{"value":"${Buffer.from(pfx.bytes).toString("base64")}","pwd":"${pfx.password}"}`),
                ].join(" | ");
                const out = redact(echo);
                const canary = new CanaryIndex().addKey(h.leaf.keyPem).addSecretText(pfx.password);
                assert.equal(canary.findInText(out), undefined, out.slice(0, 300));
                const form = `client_id=abc&client_secret=${encodeURIComponent(clientSecret)}&grant_type=client_credentials`;
                const secretOut = redact(
                    `${form} | ${clientSecret} | ${Buffer.from(`abc:${clientSecret}`).toString("base64")}`,
                );
                assert.equal(new CanaryIndex().addSecretText(clientSecret).findInText(secretOut), undefined, secretOut);
                assert.match(secretOut, /^client_id=abc&client_secret=\[redacted\]&grant_type=client_credentials/);
            });
        } finally {
            if (saved === undefined) delete process.env.AZURE_CLIENT_SECRET;
            else process.env.AZURE_CLIENT_SECRET = saved;
        }
    });

    it("leaves our own hints whole: bare armour lines, names, fingerprints", () => {
        const hints = [
            "certificatePem is not PEM: expected text starting with -----BEGIN CERTIFICATE-----\n  privateKeyPem is not PEM: expected text starting with -----BEGIN PRIVATE KEY-----\nnot checked (not given): region",
            "looks like a base64 DER certificate without PEM armour; wrap it in -----BEGIN CERTIFICATE----- / -----END CERTIFICATE----- lines",
            "privateKeyPem holds -----BEGIN CERTIFICATE----- but no private key; expected one PEM block labelled PRIVATE KEY (PKCS#8)",
            `{"reason": "is empty; paste the PEM text starting with -----BEGIN CERTIFICATE-----", "property": "certificatePem"}`,
            "SHA-256 6b:53:cd:e3:cf:26:64:be:88:a8:28:53:88:20:84:75:d3:8e:ca:6a:a6:6e:19:b7:92:bc:33:01:3d:ed:22:c1:00",
        ];
        for (const hint of hints) assert.equal(redact(hint), hint);
    });

    it("removes PEM blocks nobody declared, and user info in URLs", async () => {
        // A key no input declared, generated here (SEC1 "EC PRIVATE KEY" armour): only its shape can give it away.
        const unknownKey = traditionalPem(await newTestKey({ kind: "ec", curve: "P-256" })).trim();
        assert.equal(redact(`before ${unknownKey} after`), "before [redacted PEM] after");
        assert.equal(
            redact("vault https://:hunter2@v.vault.azure.net/x and http://ops:pw@127.0.0.1:4566/"),
            "vault https://[redacted]@v.vault.azure.net/x and http://[redacted]@127.0.0.1:4566/",
        );
    });

    it("is linear: a megabyte of armour floods, folded base64 and URL-like text takes well under a second", async () => {
        const h = await hierarchy();
        const shapes = [
            "-----BEGIN X-----\n".repeat(60_000),
            `-----BEGIN X-----\n${"MIIBabcd0123+/xy".repeat(4)}\n`.repeat(12_000),
            "a://".repeat(250_000),
            "-----BEGIN CERTIFICATE-----X: ".repeat(35_000),
            "%41\\n".repeat(200_000),
        ];
        await withSecretsInPlay([h.leaf.keyPem], async () => {
            redact("warm up");
            for (const text of shapes) {
                const t0 = performance.now();
                redact(text);
                const ms = performance.now() - t0;
                assert.ok(ms < 3_000, `${text.slice(0, 20)}…: ${Math.round(ms)} ms for ${text.length} characters`);
            }
        });
    });

    it("the provider guard scrubs what a call throws (message, stack, partial state's lastDeployment) and the CheckFailures it returns", async () => {
        const h = await hierarchy();
        const key = h.leaf.keyPem;
        const echo = (echoPem(key)[2] ?? "").replace(/\r\n /g, "");
        const inner: pulumi.dynamic.ResourceProvider = {
            check: () =>
                Promise.resolve({ inputs: {}, failures: [{ property: "privateKeyPem", reason: `bad: ${echo}` }] }),
            create: () => {
                const e = Object.assign(new Error(`upstream echoed ${echo}`), {
                    properties: { lastDeployment: { result: "rolled_back", message: `import failed: ${echo}` } },
                    reasons: [echo],
                });
                return Promise.reject(e);
            },
        };
        const guarded = guardedProvider(inner, ["privateKeyPem"]);
        const canary = new CanaryIndex().addKey(key);
        const checked = await guarded.check!({}, { privateKeyPem: key });
        assert.equal(canary.findInText(JSON.stringify(checked.failures)), undefined);
        const thrown = await guarded.create({ privateKeyPem: key }).then(
            () => undefined,
            (e: unknown) => e as Error & { properties: unknown; reasons: unknown },
        );
        assert.ok(thrown);
        assert.equal(
            canary.findInText(
                `${thrown.message}\n${thrown.stack}\n${JSON.stringify(thrown.properties)}\n${JSON.stringify(thrown.reasons)}`,
            ),
            undefined,
        );
        assert.match(thrown.message, /^upstream echoed \[redacted\]/);
    });
});
