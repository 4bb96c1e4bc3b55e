/**
 * Provider-host cold start to the first answered Check, for an ACM-only stack,
 * a Key Vault-only stack and a trivial dynamic provider, with which cloud SDKs
 * each host loaded, and the host's peak RSS.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificate, KeyVaultCertificate } from "../sdk";
import { Widget } from "../test/harness/fixtures/widget";
import { startProviderHost } from "../test/harness/host";
import { runProgram } from "../test/harness/program";
import { removeSecretsFromMap } from "../test/harness/wire";
import type { Hierarchy } from "../testing/pki";

export interface ColdStart {
    stack: string;
    msToFirstCheck: number;
    peakRssMiB: number;
    /** After the stack's first create. */
    loadedAwsSdk: boolean;
    loadedAzureSdk: boolean;
}

/** `acmEndpoint` and `azure` (vault URL + host env) let each stack also create its certificate, to see which SDKs a full deployment loads. */
export async function measureColdStarts(
    h: Hierarchy,
    acmEndpoint: string,
    azure: { vaultUrl: string; env: Record<string, string> },
): Promise<ColdStart[]> {
    const material = {
        certificatePem: h.leaf.certPem,
        privateKeyPem: pulumi.secret(h.leaf.keyPem),
        chainPem: h.chainPem,
    };
    const programs: [string, () => void, Record<string, string>][] = [
        ["trivial dynamic provider", () => void new Widget("w", { name: "w" }), {}],
        [
            "AcmCertificate only",
            () => void new AcmCertificate("a", { region: "us-east-1", endpoint: acmEndpoint, ...material }),
            { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "bench" },
        ],
        [
            "KeyVaultCertificate only",
            () =>
                void new KeyVaultCertificate("k", {
                    vaultUrl: azure.vaultUrl,
                    certificateName: "cold",
                    credentialMode: "managed_identity",
                    ...material,
                }),
            azure.env,
        ],
    ];
    const results: ColdStart[] = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-bench-"));
    try {
        for (const [name, program, env] of programs) {
            const [reg] = await runProgram(program, { project: "bench", stack: "cold" });
            const probe = path.join(dir, `${results.length}.json`);
            const t0 = performance.now();
            const host = await startProviderHost({
                project: "bench",
                env: {
                    ...env,
                    NODE_OPTIONS: `--require ${path.join(__dirname, "module-probe.js")}`,
                    CERTDEPLOY_MODULE_PROBE: probe,
                },
            });
            try {
                await host.configure();
                await host.check(reg.urn, {}, removeSecretsFromMap(reg.inputs));
                const ms = performance.now() - t0;
                if (name !== "trivial dynamic provider") await host.create(reg.urn, removeSecretsFromMap(reg.inputs));
                await new Promise((resolve) => setTimeout(resolve, 250)); // let the probe write after the create
                const sdks = JSON.parse(fs.readFileSync(probe, "utf8")) as { aws: boolean; azure: boolean };
                await host.close();
                results.push({
                    stack: name,
                    msToFirstCheck: Math.round(ms),
                    peakRssMiB: Math.round((host.peakRssBytes() ?? 0) / 2 ** 20),
                    loadedAwsSdk: sdks.aws,
                    loadedAzureSdk: sdks.azure,
                });
            } finally {
                await host.close();
            }
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
}
