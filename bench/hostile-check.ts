/**
 * Worst-case `check` time (worst of 3 runs after a warm-up, both targets' guarded providers,
 * in process) over the hostile catalogue (test/fixtures/hostile-inputs.ts),
 * every input within the schema's limits. Target: under 100 ms each.
 * Alone: `node dist/bench/hostile-check.js`.
 */
import { runHostileCatalogue } from "../test/fixtures/hostile-check-run";

export const HOSTILE_TARGET_MS = 100;

export interface HostileBench {
    cases: { input: string; target: string; worstMs: number; refused: string }[];
    worstMs: number;
    worstInput: string;
    reversedChain250Ms: number;
    allUnderTarget: boolean;
}

export async function measureHostileChecks(): Promise<HostileBench> {
    const results = await runHostileCatalogue(4, 60_000);
    const cases = results.map((r) => ({
        input: r.name,
        target: r.target,
        worstMs: Number(r.ms.toFixed(1)),
        refused: r.failedProperties.join(", ") || "(valid)",
    }));
    const worst = cases.reduce((a, b) => (b.worstMs > a.worstMs ? b : a));
    const reversed = cases.find((c) => c.input === "250-certificate chain, root first");
    return {
        cases,
        worstMs: worst.worstMs,
        worstInput: worst.input,
        reversedChain250Ms: reversed?.worstMs ?? NaN,
        allUnderTarget: cases.every((c) => c.worstMs < HOSTILE_TARGET_MS),
    };
}

export function printHostileBench(bench: HostileBench): void {
    console.log(
        `\ncheck on hostile inputs within the schema's limits (worst of 3 runs after a warm-up; target < ${HOSTILE_TARGET_MS} ms each)`,
    );
    console.table(bench.cases);
    console.log(
        `worst case: ${bench.worstMs} ms (${bench.worstInput}); 250-certificate reversed chain: ${bench.reversedChain250Ms} ms; all under target: ${bench.allUnderTarget}`,
    );
}

if (require.main === module) {
    measureHostileChecks().then(printHostileBench, (e: unknown) => {
        console.error(e);
        process.exitCode = 1;
    });
}
