/**
 * `npm run bench`: prints the numbers the issues ask for.
 * - `__provider` bytes per resource (target < 2 KB, no machine path)
 * - API calls per create and per rotation, ACM and Key Vault
 * - wall time per rotation through the real provider host with 20 ms emulated latency
 * Writes bench/results.json. Stops by itself; loopback only.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificate, KeyVaultCertificate } from "../sdk";
import { startAcmEmulator } from "../test/emulators/acm";
import { startAzureWorld } from "../test/emulators/keyvault/world";
import { hierarchy } from "../test/fixtures/pki";
import { runProgram } from "../test/harness/program";
import { TestStack } from "../test/e2e/stack";

const ROTATIONS = 5;

async function main(): Promise<void> {
    const results: Record<string, number | string> = {};
    const h = await Promise.all(Array.from({ length: ROTATIONS + 1 }, () => hierarchy("api.example.com", { kind: "rsa", bits: 2048 })));

    const regs = await runProgram(
        () => {
            new AcmCertificate("a", { region: "us-east-1", certificatePem: h[0].leaf.certPem, privateKeyPem: pulumi.secret(h[0].leaf.keyPem) });
            new KeyVaultCertificate("k", {
                vaultUrl: "https://v.vault.azure.net",
                certificateName: "n",
                certificatePem: h[0].leaf.certPem,
                privateKeyPem: pulumi.secret(h[0].leaf.keyPem),
            });
        },
        { project: "bench", stack: "dev", preview: true },
    );
    for (const r of regs) results[`providerBytes.${r.name === "a" ? "AcmCertificate" : "KeyVaultCertificate"}`] = r.providerSource.length;

    const acm = await startAcmEmulator({ latencyMs: 20 });
    const world = await startAzureWorld({ vaults: ["bench-vault"] });
    world.keyVault.setLatency(20);
    try {
        for (const target of ["acm", "keyvault"] as const) {
            const stack = new TestStack(target === "keyvault" ? world.env("managed_identity") : {}, "bench", target);
            const program = (i: number) => () => {
                const material = { certificatePem: h[i].leaf.certPem, privateKeyPem: pulumi.secret(h[i].leaf.keyPem), chainPem: h[i].chainPem };
                if (target === "acm") new AcmCertificate("c", { region: "us-east-1", endpoint: acm.endpoint, ...material });
                else new KeyVaultCertificate("c", { vaultUrl: world.vault("bench-vault"), certificateName: "bench", credentialMode: "managed_identity", ...material });
            };
            const created = await stack.up(program(0));
            if (!created.ok) throw new Error(created.errors.join("\n"));
            results[`${target}.apiCallsPerCreate`] = (stack.outputs("c").lastDeployment as { apiCalls: number }).apiCalls;
            const times: number[] = [];
            for (let i = 1; i <= ROTATIONS; i++) {
                const t0 = performance.now();
                const rotated = await stack.up(program(i));
                times.push(performance.now() - t0);
                if (!rotated.ok) throw new Error(rotated.errors.join("\n"));
            }
            results[`${target}.apiCallsPerRotation`] = (stack.outputs("c").lastDeployment as { apiCalls: number }).apiCalls;
            results[`${target}.rotationMsMedian(host start included, 20ms latency)`] = Math.round(times.sort((a, b) => a - b)[Math.floor(times.length / 2)]);
            stack.cleanup();
        }
    } finally {
        await acm.close();
        await world.close();
    }
    console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })));
    fs.writeFileSync(path.join(__dirname, "..", "..", "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
});
