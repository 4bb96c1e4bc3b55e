/** API calls per create and per rotation, and wall time per rotation through the host (one host per command, as `pulumi up`). */
import type { ProgramRun } from "../test/harness/engine";
import { acmCertificate, declare, keyVaultCertificate, secret } from "../test/programs/spec";
import type { AcmEmulator } from "../testing/acm";
import type { AzureWorld } from "../testing/keyvault/world";
import type { Hierarchy } from "../testing/pki";
import { TestStack } from "../test/e2e/stack";

export interface ApiCallResult {
    target: string;
    apiCallsPerCreate: number;
    apiCallsPerRotation: number;
    rotationMsMedian: number;
}

export async function measureApiCalls(
    acm: AcmEmulator,
    world: AzureWorld,
    versions: Hierarchy[],
    latencyMs: number,
): Promise<ApiCallResult[]> {
    acm.setLatency(latencyMs);
    world.keyVault.setLatency(latencyMs);
    const results: ApiCallResult[] = [];
    for (const target of ["AcmCertificate", "KeyVaultCertificate"] as const) {
        const stack = new TestStack(
            target === "KeyVaultCertificate" ? world.env("managed_identity") : {},
            "bench",
            target,
        );
        const program = (i: number): ProgramRun => {
            const material = {
                certificatePem: versions[i].leaf.certPem,
                privateKeyPem: secret(versions[i].leaf.keyPem),
                chainPem: versions[i].chainPem,
            };
            if (target === "AcmCertificate")
                return declare([acmCertificate("c", { region: "us-east-1", endpoint: acm.endpoint, ...material })]);
            return declare([
                keyVaultCertificate("c", {
                    vaultUrl: world.vaultUrl,
                    certificateName: "bench",
                    credentialMode: "managed_identity",
                    ...material,
                }),
            ]);
        };
        try {
            const created = await stack.up(program(0));
            if (!created.ok) throw new Error(created.errors.join("\n"));
            const apiCallsPerCreate = (stack.outputs("c").lastDeployment as { apiCalls: number }).apiCalls;
            const times: number[] = [];
            for (let i = 1; i < versions.length; i++) {
                const t0 = performance.now();
                const rotated = await stack.up(program(i));
                times.push(performance.now() - t0);
                if (!rotated.ok) throw new Error(rotated.errors.join("\n"));
            }
            const apiCallsPerRotation = (stack.outputs("c").lastDeployment as { apiCalls: number }).apiCalls;
            results.push({
                target,
                apiCallsPerCreate,
                apiCallsPerRotation,
                rotationMsMedian: Math.round(times.sort((a, b) => a - b)[Math.floor(times.length / 2)]),
            });
        } finally {
            stack.cleanup();
        }
    }
    acm.setLatency(0);
    world.keyVault.setLatency(0);
    return results;
}
