/**
 * Many ACM rotations in one `pulumi up` through the harness engine: the
 * program under the real runtime, the engine's own parallelism (`--parallel`)
 * deciding how many Updates run at once in one provider host, against an
 * emulator that throttles ImportCertificate at a fixed rate. The provider
 * paces imports at the same rate, so the floor is N / rate seconds and there
 * should be no failure.
 */
import type { AcmEmulator } from "../testing/acm";
import type { Hierarchy } from "../testing/pki";
import { Engine, type EngineState } from "../test/harness/engine";
import { acmCertificate, declare, secret } from "../test/programs/spec";
import type { ProgramRun } from "../test/harness/language-runtime";

export interface RotationRun {
    rotations: number;
    parallel: number;
    importsPerSecond: number;
    seconds: number;
    floorSeconds: number;
    failures: number;
    throttledByEmulator: number;
    peakConcurrency: number;
    hostPeakRssMiB: number;
}

function program(h: Hierarchy, count: number, endpoint: string): ProgramRun {
    return declare(
        Array.from({ length: count }, (_, i) =>
            acmCertificate(`r${i}`, {
                region: "us-east-1",
                endpoint,
                certificatePem: h.leaf.certPem,
                privateKeyPem: secret(h.leaf.keyPem),
                chainPem: h.chainPem,
            }),
        ),
    );
}

export async function measureRotations(
    acm: AcmEmulator,
    versions: Hierarchy[],
    count: number,
    parallels: number[],
    rate: number,
): Promise<RotationRun[]> {
    acm.setRateLimit("ImportCertificate", rate);
    const env = {
        AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY: "bench",
        CERTDEPLOY_ACM_IMPORTS_PER_SECOND: String(rate),
        CERTDEPLOY_VERIFY_DELAY_MS: "50",
    };
    const engineFor = (parallel: number, state?: EngineState): Engine =>
        new Engine({ project: "bench", stack: "rotate", parallel, state, host: { env } });
    const runs: RotationRun[] = [];
    try {
        const creator = engineFor(50);
        const created = await creator.up(program(versions[0], count, acm.endpoint));
        if (!created.ok)
            throw new Error(`creating ${count} certificates failed: ${created.errors.slice(0, 3).join("\n")}`);
        let state = creator.state;
        for (const [i, parallel] of parallels.entries()) {
            const engine = engineFor(parallel, state);
            const throttledBefore = throttled(acm);
            const result = await engine.up(program(versions[(i + 1) % versions.length], count, acm.endpoint));
            state = engine.state;
            runs.push({
                rotations: result.counts.update,
                parallel,
                importsPerSecond: rate,
                seconds: Number((result.durationMs / 1000).toFixed(1)),
                floorSeconds: count / rate,
                failures: result.errors.length,
                throttledByEmulator: throttled(acm) - throttledBefore,
                peakConcurrency: result.peakConcurrency,
                hostPeakRssMiB: Math.round((engine.lastHostPeakRssBytes ?? 0) / 2 ** 20),
            });
        }
    } finally {
        acm.setRateLimit("ImportCertificate", undefined);
    }
    return runs;
}

const throttled = (acm: AcmEmulator): number =>
    acm.calls().log.filter((c) => c.outcome === "ThrottlingException").length;
