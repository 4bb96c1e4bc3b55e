/**
 * `npm run bench`: prints each measurement as a table and writes bench/results.json.
 * Loopback only; every emulator and host it starts is stopped. Sizes can be
 * lowered for a quick run: BENCH_PREVIEW_RESOURCES, BENCH_ROTATIONS, BENCH_IMPORT_RATE.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificate, KeyVaultCertificate } from "../sdk";
import { startAcmEmulator } from "../testing/acm";
import { startAzureWorld } from "../testing/keyvault/world";
import { hierarchy } from "../testing/pki";
import { runProgram } from "../test/harness/program";
import { measureApiCalls } from "./api-calls";
import { measureColdStarts } from "./cold-start";
import { measureHostileChecks, printHostileBench } from "./hostile-check";
import { measurePreview } from "./preview-scale";
import { measureRotations } from "./rotation-scale";

const PREVIEW_RESOURCES = Number(process.env.BENCH_PREVIEW_RESOURCES ?? 1000);
const ROTATIONS = Number(process.env.BENCH_ROTATIONS ?? 200);
const IMPORT_RATE = Number(process.env.BENCH_IMPORT_RATE ?? 20);

async function providerBytes(certificatePem: string, keyPem: string): Promise<Record<string, number>> {
    const regs = await runProgram(
        () => {
            new AcmCertificate("a", { region: "us-east-1", certificatePem, privateKeyPem: pulumi.secret(keyPem) });
            new KeyVaultCertificate("k", {
                vaultUrl: "https://v.vault.azure.net",
                certificateName: "n",
                certificatePem,
                privateKeyPem: pulumi.secret(keyPem),
            });
        },
        { project: "bench", stack: "dev", preview: true },
    );
    return Object.fromEntries(regs.map((r) => [r.type.split(":").pop() ?? r.type, r.providerSource.length]));
}

async function main(): Promise<void> {
    const versions = await Promise.all(
        Array.from({ length: 6 }, () => hierarchy("api.example.com", { kind: "rsa", bits: 2048 })),
    );
    const results: Record<string, unknown> = { node: process.version, at: new Date().toISOString() };

    const hostile = await measureHostileChecks();
    results.hostileCheck = hostile;
    printHostileBench(hostile);

    results.providerBytes = await providerBytes(versions[0].leaf.certPem, versions[0].leaf.keyPem);
    console.log("\n__provider bytes per resource (target < 2048)");
    console.table(results.providerBytes);

    const acm = await startAcmEmulator();
    const world = await startAzureWorld({ vaults: ["bench-vault"] });
    try {
        results.apiCalls = await measureApiCalls(acm, world, versions, 20);
        console.log(
            "\nAPI calls and rotation wall time through the host (20 ms emulated latency, host start included)",
        );
        console.table(results.apiCalls);

        results.coldStart = await measureColdStarts(versions[0], acm.endpoint, {
            vaultUrl: world.vaultUrl,
            env: world.env("managed_identity"),
        });
        console.log("\nProvider host cold start to first Check; SDKs loaded after the first create");
        console.table(results.coldStart);

        results.preview = await measurePreview(versions[0], PREVIEW_RESOURCES);
        console.log(
            `\npulumi preview of ${PREVIEW_RESOURCES} resources through the harness engine (real runtime, Check through the host), beside a trivial dynamic provider (goal: ratio <= 2)`,
        );
        console.table([results.preview]);

        results.rotations = await measureRotations(acm, versions, ROTATIONS, [10, 50], IMPORT_RATE);
        console.log(
            `\n${ROTATIONS} ACM rotations in one pulumi up through the harness engine (--parallel 10 and 50), emulator throttling ImportCertificate at ${IMPORT_RATE}/s: floor ${ROTATIONS / IMPORT_RATE} s`,
        );
        console.table(results.rotations);
    } finally {
        await acm.close();
        await world.close();
    }
    fs.writeFileSync(
        path.join(__dirname, "..", "..", "bench", "results.json"),
        `${JSON.stringify(results, null, 2)}\n`,
    );
}

main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
});
