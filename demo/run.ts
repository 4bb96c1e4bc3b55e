/**
 * The main job: one stack with an AcmCertificate and a KeyVaultCertificate,
 * driven through the real Pulumi dynamic-provider host against the local ACM
 * and Key Vault emulators, the way `pulumi` would: preview (a mistake shown,
 * then fixed), up, rotate, a rollback, refresh with drift, destroy.
 * Exits non-zero if anything did not happen as shown.
 */
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificate, KeyVaultCertificate } from "../sdk";
import { startAcmEmulator } from "../testing/acm";
import { startAzureWorld } from "../testing/keyvault/world";
import { hierarchy, Hierarchy } from "../testing/pki";
import type { OperationResult } from "../test/harness/engine";
import { TestStack } from "../test/e2e/stack";

let failed = false;
function expect(ok: boolean, what: string): void {
    console.log(`  ${ok ? "✔" : "✘"} ${what}`);
    if (!ok) failed = true;
}
const heading = (text: string): void => console.log(`\n== ${text}`);
const summary = (r: OperationResult): string =>
    `${r.operation}: ${r.ok ? "ok" : "failed"} (${r.steps.map((s) => `${s.op} ${s.urn.split("::").pop()}`).join(", ")}) in ${r.durationMs} ms`;

async function main(): Promise<void> {
    const acm = await startAcmEmulator();
    const world = await startAzureWorld({ vaults: ["prod-vault"] });
    const stack = new TestStack(world.env("managed_identity"), "certdeploy-demo", "prod");
    try {
        const [v1, v2] = await Promise.all([hierarchy("api.example.com", { kind: "rsa", bits: 2048 }), hierarchy("api.example.com", { kind: "rsa", bits: 2048 })]);
        const program =
            (h: Hierarchy, chainPem = h.chainPem) =>
            () => {
                new AcmCertificate("api", {
                    region: "us-east-1",
                    certificatePem: h.leaf.certPem,
                    privateKeyPem: pulumi.secret(h.leaf.keyPem),
                    chainPem,
                    tags: { env: "production" },
                    endpoint: acm.endpoint,
                });
                new KeyVaultCertificate("api-agw", {
                    vaultUrl: world.vault("prod-vault"),
                    certificateName: "api-prod",
                    certificatePem: h.leaf.certPem,
                    privateKeyPem: pulumi.secret(h.leaf.keyPem),
                    chainPem,
                    credentialMode: "managed_identity",
                });
            };

        heading("pulumi preview, with the chain pasted in the wrong order");
        const bad = await stack.preview(program(v1, v1.root.certPem + v1.intermediate.certPem));
        for (const s of bad.steps) for (const f of s.checkFailures ?? []) console.log(`  ${s.urn.split("::").pop()}: ${f.reason}`);
        expect(!bad.ok && bad.steps.every((s) => (s.checkFailures ?? []).some((f) => f.property === "chainPem")), "preview names chainPem on both resources, nothing written");

        heading("pulumi preview, fixed");
        const good = await stack.preview(program(v1));
        console.log(`  ${summary(good)}`);
        expect(good.ok, "preview is clean");

        heading("pulumi up (create)");
        const up = await stack.up(program(v1));
        console.log(`  ${summary(up)}`);
        const arn = String(stack.outputs("api").arn);
        console.log(`  arn                 ${arn}\n  serial              ${String(stack.outputs("api").serial)}`);
        console.log(`  versionlessSecretId ${String(stack.outputs("api-agw").versionlessSecretId)}\n  thumbprint          ${String(stack.outputs("api-agw").thumbprint)}`);
        expect(up.ok && acm.certificates().get(arn) !== undefined, "ACM certificate and Key Vault version exist");

        heading("pulumi up (rotate to a new certificate)");
        const rotate = await stack.up(program(v2));
        console.log(`  ${summary(rotate)}`);
        console.log(`  ACM serial now      ${acm.certificates().get(arn)?.serial} (same ARN)`);
        console.log(`  Key Vault versions  ${world.keyVault.versions("api-prod").length}`);
        expect(rotate.ok && String(stack.outputs("api").arn) === arn, "rotated in place, ids unchanged");

        heading("pulumi up (rotate back) with ACM acknowledging the import but not applying it");
        acm.injectFault({ operation: "ImportCertificate", kind: "ackNotApplied" });
        const rollback = await stack.up(program(v1));
        for (const e of rollback.errors) console.log(`  ${e.split(": ").slice(1).join(": ")}`);
        const deployment = stack.outputs("api").lastDeployment as { result: string };
        console.log(`  lastDeployment.result = ${deployment.result}`);
        expect(
            !rollback.ok && deployment.result === "rolled_back" && acm.certificates().get(arn)?.serial === stack.outputs("api").serial,
            "rolled back: the certificate from state is live, and state says so",
        );

        heading("someone re-imports the ACM certificate by hand; pulumi refresh");
        acm.putOutOfBand(arn, v1.leaf.certPem, v1.leaf.keyPem, v1.chainPem);
        const refresh = await stack.refresh();
        console.log(`  ${summary(refresh)}`);
        for (const e of refresh.errors) console.log(`  ${e}`);
        expect(refresh.ok && stack.outputs("api").serial === acm.certificates().get(arn)?.serial, "refresh records the live serial (drift)");

        heading("pulumi destroy");
        const destroy = await stack.destroy();
        console.log(`  ${summary(destroy)}`);
        for (const e of destroy.errors) console.log(`  ${e}`);
        expect(destroy.ok && acm.certificates().size === 0 && world.keyVault.deleted("api-prod") !== undefined, "ACM certificate deleted, Key Vault certificate soft-deleted");

        heading("metrics (node_exporter textfile)");
        console.log(
            stack
                .metrics()
                .split("\n")
                .filter((l) => l.startsWith("certdeploy_"))
                .map((l) => `  ${l}`)
                .join("\n"),
        );
    } finally {
        stack.cleanup();
        await acm.close();
        await world.close();
    }
    console.log(failed ? "\ndemo: something did not happen as shown" : "\ndemo: every step happened as shown");
    process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
});
