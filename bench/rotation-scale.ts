/**
 * Many ACM rotations through one provider host at a given concurrency, against
 * an emulator that throttles ImportCertificate at a fixed rate. The provider
 * paces imports at the same rate, so the floor is N / rate seconds and there
 * should be no failure.
 */
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificate } from "../sdk";
import type { AcmEmulator } from "../testing/acm";
import type { Hierarchy } from "../testing/pki";
import { ProviderHost, startProviderHost } from "../test/harness/host";
import { RegisteredResource, runProgram } from "../test/harness/program";
import { PropertyMap, removeSecretsFromMap } from "../test/harness/wire";
import { mapConcurrent } from "./pool";

export interface RotationRun {
    rotations: number;
    concurrency: number;
    importsPerSecond: number;
    seconds: number;
    floorSeconds: number;
    failures: number;
    throttledByEmulator: number;
    hostPeakRssMiB: number;
}

async function register(h: Hierarchy, count: number, endpoint: string): Promise<RegisteredResource[]> {
    return runProgram(
        () => {
            for (let i = 0; i < count; i++) {
                new AcmCertificate(`r${i}`, { region: "us-east-1", endpoint, certificatePem: h.leaf.certPem, privateKeyPem: pulumi.secret(h.leaf.keyPem), chainPem: h.chainPem });
            }
        },
        { project: "bench", stack: "rotate" },
    );
}

export async function measureRotations(acm: AcmEmulator, versions: Hierarchy[], count: number, concurrencies: number[], rate: number): Promise<RotationRun[]> {
    acm.setRateLimit("ImportCertificate", rate);
    const env = { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "bench", CERTDEPLOY_ACM_IMPORTS_PER_SECOND: String(rate), CERTDEPLOY_VERIFY_DELAY_MS: "50" };
    const host: ProviderHost = await startProviderHost({ project: "bench", env });
    const runs: RotationRun[] = [];
    try {
        await host.configure();
        const first = await register(versions[0], count, acm.endpoint);
        const state = new Map<string, { id: string; outputs: PropertyMap }>();
        await mapConcurrent(first, 50, async (reg) => {
            const created = await host.create(reg.urn, removeSecretsFromMap(reg.inputs));
            state.set(reg.urn, { id: created.id, outputs: created.properties });
        });
        for (const [i, concurrency] of concurrencies.entries()) {
            const regs = await register(versions[(i + 1) % versions.length], count, acm.endpoint);
            const throttledBefore = throttled(acm);
            const t0 = performance.now();
            const outcomes = await mapConcurrent(regs, concurrency, async (reg) => {
                const old = state.get(reg.urn);
                if (!old) return false;
                try {
                    const updated = await host.update(old.id, reg.urn, old.outputs, removeSecretsFromMap(reg.inputs));
                    state.set(reg.urn, { id: old.id, outputs: updated.properties });
                    return true;
                } catch {
                    return false;
                }
            });
            const seconds = (performance.now() - t0) / 1000;
            runs.push({
                rotations: count,
                concurrency,
                importsPerSecond: rate,
                seconds: Number(seconds.toFixed(1)),
                floorSeconds: count / rate,
                failures: outcomes.filter((ok) => !ok).length,
                throttledByEmulator: throttled(acm) - throttledBefore,
                hostPeakRssMiB: 0,
            });
        }
    } finally {
        await host.close();
        acm.setRateLimit("ImportCertificate", undefined);
    }
    const peak = Math.round((host.peakRssBytes() ?? 0) / 2 ** 20);
    return runs.map((r) => ({ ...r, hostPeakRssMiB: peak }));
}

const throttled = (acm: AcmEmulator): number => acm.calls().log.filter((c) => c.outcome === "ThrottlingException").length;
