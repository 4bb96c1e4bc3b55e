/**
 * Many certificates in one `pulumi up`, as the engine runs them: creates in
 * parallel (8 workers) in one provider-host process, with the ACM import pacer
 * on, against the ACM and Key Vault emulators; and consumers (stand-ins for
 * an ALB listener, a DNS record, an Application Gateway) that receive the
 * real ARN and version-less secret id from the running program.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { sameSerial } from "../../provider/material/serial";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { AzureWorld, startAzureWorld } from "../../testing/keyvault/world";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { removeSecrets } from "../harness/wire";
import {
    acmCertificate,
    declare,
    keyVaultCertificate,
    output,
    secret,
    standIn,
    type DeclaredResource,
    certificateInputs,
} from "../programs/spec";
import { counter, TestStack } from "./stack";

const PROJECT = "certdeploy-concurrency";
const VAULT = "fleet-vault";
const EACH = 20;
const IMPORTS_PER_SECOND = 20;

const fingerprint = (pem: string): string => new X509Certificate(pem).fingerprint256.toLowerCase();
const pemBlocks = (pem: string | undefined): string[] =>
    (pem ?? "")
        .match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)
        ?.map((b) => b.replace(/\s+/g, "")) ?? [];

describe("one pulumi up of 40 certificates, 8 at once, through the real host", () => {
    let acm: AcmEmulator;
    let world: AzureWorld;
    let leaves: Hierarchy[];

    before(async () => {
        acm = await startAcmEmulator();
        world = await startAzureWorld({ vaults: [VAULT] });
        leaves = await Promise.all(Array.from({ length: 2 * EACH }, (_, i) => hierarchy(`c${i}.example.com`)));
    });
    after(async () => {
        await acm.close();
        await world.close();
    });

    it("creates every certificate with zero failures and no orphan ARN; metrics, state and what is live agree", async () => {
        // The emulator throttles ImportCertificate a little above the pacer's rate: a missing or broken pacer shows as throttles.
        acm.setRateLimit("ImportCertificate", IMPORTS_PER_SECOND + 5);
        const stack = new TestStack(
            { ...world.env("managed_identity"), CERTDEPLOY_ACM_IMPORTS_PER_SECOND: String(IMPORTS_PER_SECOND) },
            PROJECT,
            "fleet",
            { parallel: 8 },
        );
        try {
            const resources: DeclaredResource[] = leaves.map((h, i) => {
                const material = {
                    certificatePem: h.leaf.certPem,
                    privateKeyPem: secret(h.leaf.keyPem),
                    chainPem: h.chainPem,
                    tags: { fleet: "yes" },
                };
                if (i % 2 === 0)
                    return acmCertificate(`acm-${i}`, { region: "us-east-1", endpoint: acm.endpoint, ...material });
                return keyVaultCertificate(`kv-${i}`, {
                    vaultUrl: world.vault(VAULT),
                    certificateName: `kv-${i}`,
                    credentialMode: "managed_identity",
                    ...material,
                });
            });
            const result = await stack.up(declare(resources));
            assert.equal(result.ok, true, result.errors.join("\n"));
            assert.equal(result.counts.create, 2 * EACH);
            assert.equal(result.peakConcurrency, 8, "eight creates in flight at once in one host");

            const imports = acm.calls().log.filter((r) => r.operation === "ImportCertificate");
            assert.deepEqual(
                imports.filter((r) => r.outcome !== "ok").map((r) => r.outcome),
                [],
                "no throttled import: the pacer held the rate",
            );
            assert.equal(imports.length, EACH, "one import per ACM certificate");
            const span = imports[imports.length - 1].at.getTime() - imports[0].at.getTime();
            assert.ok(
                span >= ((EACH - 1) * 1000) / IMPORTS_PER_SECOND - 50,
                `imports paced at ${IMPORTS_PER_SECOND}/s (spread over ${span} ms)`,
            );

            const stateArns = stack
                .customResources()
                .filter((r) => r.type.endsWith("AcmCertificate"))
                .map((r) => removeSecrets(r.outputs["arn"]));
            assert.deepEqual(
                [...acm.certificates().keys()].sort(),
                (stateArns as string[]).sort(),
                "no orphan ARN: every ARN in ACM is in state",
            );

            const metrics = stack.metrics();
            assert.equal(
                counter(metrics, "certdeploy_deploy_attempts_total", { target_type: "AWSACM", result: "succeeded" }),
                EACH,
            );
            assert.equal(
                counter(metrics, "certdeploy_deploy_attempts_total", {
                    target_type: "AzureKeyVault",
                    result: "succeeded",
                }),
                EACH,
            );

            const kv = world.keyVaultFor(VAULT);
            const wrong: string[] = [];
            leaves.forEach((h, i) => {
                const name = i % 2 === 0 ? `acm-${i}` : `kv-${i}`;
                const state = stack.outputs(name);
                const want = {
                    fleet: "yes",
                    "certdeploy-managed-by": "certdeploy",
                    "certdeploy-certificate-id": `${PROJECT}/fleet/${name}`,
                };
                if (i % 2 === 0) {
                    const live = acm.certificates().get(String(state.arn));
                    if (!live) return wrong.push(`${name}: ${String(state.arn)} is not live`);
                    if (
                        fingerprint(live.certificatePem) !== fingerprint(h.leaf.certPem) ||
                        state.fingerprintSha256 !== fingerprint(live.certificatePem)
                    )
                        wrong.push(`${name}: leaf`);
                    if (!sameSerial(String(state.serial), "colonHex", live.serial, "colonHex"))
                        wrong.push(`${name}: serial`);
                    if (JSON.stringify(pemBlocks(live.chainPem)) !== JSON.stringify(pemBlocks(h.chainPem)))
                        wrong.push(`${name}: chain`);
                    for (const [k, v] of Object.entries(want))
                        if (live.tags[k] !== v) wrong.push(`${name}: tag ${k}=${live.tags[k]}`);
                } else {
                    const versions = kv.versions(name);
                    const latest = kv.latest(name);
                    if (!latest || versions.length !== 1) return wrong.push(`${name}: ${versions.length} versions`);
                    if (latest.fingerprintSha256Hex.toLowerCase() !== fingerprint(h.leaf.certPem).replace(/:/g, ""))
                        wrong.push(`${name}: leaf`);
                    if (
                        String(state.thumbprint).toUpperCase() !== latest.x5tHex.toUpperCase() ||
                        state.version !== latest.version
                    )
                        wrong.push(`${name}: state`);
                    for (const [k, v] of Object.entries(want))
                        if (latest.tags[k] !== v) wrong.push(`${name}: tag ${k}=${latest.tags[k]}`);
                }
                return undefined;
            });
            assert.deepEqual(wrong, [], "every state entry matches what is live");

            const destroyed = await stack.destroy();
            assert.equal(destroyed.ok, true, destroyed.errors.join("\n"));
            assert.equal(acm.certificates().size, 0);
        } finally {
            acm.setRateLimit("ImportCertificate", undefined);
            stack.cleanup();
        }
    });

    it("consumers receive the real ARN and version-less secret id on create and keep them across a rotation; dependsOn is honoured", async () => {
        const stack = new TestStack(world.env("managed_identity"), PROJECT, "consumers");
        const [v1, v2] = leaves;
        const program = (h: Hierarchy) =>
            declare([
                acmCertificate("web", {
                    region: "us-east-1",
                    endpoint: acm.endpoint,
                    certificatePem: h.leaf.certPem,
                    privateKeyPem: secret(h.leaf.keyPem),
                    chainPem: h.chainPem,
                }),
                standIn(
                    "aws:lb/listener:Listener",
                    "https",
                    { port: 443, protocol: "HTTPS", certificateArn: output("web", "arn") },
                    { outputs: ["arn"] },
                ),
                standIn(
                    "aws:route53/record:Record",
                    "dns",
                    { name: "www.example.com", type: "CNAME" },
                    { dependsOn: ["https"] },
                ),
                keyVaultCertificate("agw-cert", {
                    vaultUrl: world.vault(VAULT),
                    certificateName: "agw-cert",
                    credentialMode: "managed_identity",
                    ...certificateInputs(h),
                }),
                standIn("azure-native:network:ApplicationGateway", "agw", {
                    sslCertificates: [{ name: "web", keyVaultSecretId: output("agw-cert", "versionlessSecretId") }],
                }),
            ]);
        try {
            const created = await stack.up(program(v1));
            assert.equal(created.ok, true, created.errors.join("\n"));
            const arn = String(stack.outputs("web").arn);
            assert.ok(acm.certificates().has(arn), "the ARN is live");
            const [listenerCreate] = stack.standInCalls("https").filter((r) => r.op === "create");
            assert.equal(
                listenerCreate.inputs["certificateArn"],
                arn,
                "the listener received the real ARN, not a mock",
            );
            const records = stack.engine.standIn.records.filter((r) => r.op === "create");
            assert.ok(
                records.findIndex((r) => r.name === "dns") > records.findIndex((r) => r.name === "https"),
                "dns (dependsOn https) was created after the listener",
            );
            const secretId = String(stack.outputs("agw-cert").versionlessSecretId);
            assert.equal(secretId, `${world.vault(VAULT)}/secrets/agw-cert`, "version-less: no version segment");
            const [gatewayCreate] = stack.standInCalls("agw").filter((r) => r.op === "create");
            assert.deepEqual(gatewayCreate.inputs["sslCertificates"], [{ name: "web", keyVaultSecretId: secretId }]);

            const rotated = await stack.up(program(v2));
            assert.equal(rotated.ok, true, rotated.errors.join("\n"));
            assert.equal(stack.outputs("web").arn, arn, "rotation re-imports into the same ARN");
            assert.ok(
                sameSerial(
                    String(stack.outputs("web").serial),
                    "colonHex",
                    acm.certificates().get(arn)?.serial ?? "",
                    "colonHex",
                ),
            );
            assert.equal(
                acm.certificates().get(arn)?.certificatePem.replace(/\s+/g, ""),
                v2.leaf.certPem.replace(/\s+/g, ""),
                "the new leaf is live",
            );
            const steps: Record<string, string> = Object.fromEntries(
                rotated.steps.map((s) => [s.urn.split("::").pop() ?? "", s.op]),
            );
            assert.deepEqual(
                steps,
                { web: "update", https: "same", dns: "same", "agw-cert": "update", agw: "same" },
                "consumers are untouched by a rotation",
            );
            assert.deepEqual(
                stack.engine.standIn.records.filter((r) => r.op === "update").map((r) => r.name),
                [],
                "no consumer was updated",
            );
            assert.equal(stack.resource("https").inputs["certificateArn"], arn);
            assert.equal(
                world.keyVaultFor(VAULT).versions("agw-cert").length,
                2,
                "a new version behind the same version-less id",
            );
        } finally {
            stack.cleanup();
        }
    });
});
