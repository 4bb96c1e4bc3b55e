/**
 * Fuzzing the providers' `check` (what `pulumi preview` runs) in process with
 * fast-check: mutated PEMs, chains and keys (byte flips, truncation,
 * duplicated/dropped/reversed blocks, labels, whitespace and line-end noise,
 * swapped fields, another key, the header shape that made the PEM decoder
 * backtrack exponentially, chains of hundreds of certificates given root
 * first), random tags, regions, ARNs, endpoints, vault
 * URLs and values of the wrong type. check must never throw or hang, must
 * return a CheckFailure whenever the oracle knows the input is invalid, and
 * must never echo key material.
 *
 * Fixed seed (CERTDEPLOY_FUZZ_SEED to change it, CERTDEPLOY_FUZZ_RUNS for the
 * case count); the cases are split over two worker threads (seeds SEED and
 * SEED+1); a failure prints its worker's seed and fast-check's path to replay it.
 * CERTDEPLOY_FUZZ_RUN_BUGS=1 also runs the rows of known provider bugs.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { watchedWorker } from "../fixtures/watched-worker";
import { acmProvider, keyVaultProvider } from "../../provider";
import { buildBases, FuzzBase, validInputs } from "./bases";
import type { FuzzJob, FuzzProperty, FuzzStats, WorkerMessage } from "./check-worker";

const SEED = Number(process.env.CERTDEPLOY_FUZZ_SEED ?? 20260101);
const RUNS = Number(process.env.CERTDEPLOY_FUZZ_RUNS ?? 10_000);
const RUN_BUGS = process.env.CERTDEPLOY_FUZZ_RUN_BUGS === "1";
/** One check call slower than this fails the property. */
const CASE_LIMIT_MS = 2_000;
/** No case finishing for this long is a hang: the worker is stopped. */
const HANG_MS = 15_000;
/** check is CPU-bound: one worker per core of the 2-core CI machine. */
const WORKERS = 2;

/** Runs a property in a worker thread, stopping it if a case never returns. */
function fuzzWorker(property: FuzzProperty, numRuns: number, seed: number, bases: FuzzBase[]): Promise<FuzzStats> {
    const job: FuzzJob = { property, seed, numRuns, bases, runBugs: RUN_BUGS, caseLimitMs: CASE_LIMIT_MS };
    let cases = 0;
    return watchedWorker<WorkerMessage, FuzzStats>(
        path.join(__dirname, "check-worker.js"),
        job,
        HANG_MS,
        (m, settle) => {
            if (m.type === "case") cases += 1;
            else if (m.type === "done") settle.resolve(m.stats);
            else settle.reject(new Error(m.message));
        },
        () => `fuzz seed ${seed}: case ${cases} of "${property}" has not returned after ${HANG_MS} ms (check hangs)`,
    );
}

/** Splits the runs over WORKERS workers (seeds SEED, SEED+1, …) and adds their statistics up. */
async function fuzz(
    property: FuzzProperty,
    numRuns: number,
    bases: FuzzBase[],
): Promise<FuzzStats & { wallMs: number }> {
    const started = performance.now();
    const shares = Array.from(
        { length: WORKERS },
        (_, i) => Math.floor(numRuns / WORKERS) + (i < numRuns % WORKERS ? 1 : 0),
    ).filter((n) => n > 0);
    const all = await Promise.all(shares.map((n, i) => fuzzWorker(property, n, SEED + i, bases)));
    const sum = (k: keyof FuzzStats): number => all.reduce((total, s) => total + s[k], 0);
    return {
        runs: sum("runs"),
        claimedInvalid: sum("claimedInvalid"),
        refused: sum("refused"),
        skippedKnownBug: sum("skippedKnownBug"),
        totalCheckMs: sum("totalCheckMs"),
        maxCaseMs: Math.max(...all.map((s) => s.maxCaseMs)),
        wallMs: performance.now() - started,
    };
}

describe("provider check under fuzzing", () => {
    let bases: FuzzBase[];

    before(async () => {
        bases = await buildBases();
    });

    it("passes the unmutated bases (the oracle's starting point is valid)", async () => {
        for (const base of bases) {
            assert.deepEqual((await acmProvider.check!({}, validInputs("acm", base))).failures, [], `acm ${base.kind}`);
            assert.deepEqual(
                (await keyVaultProvider.check!({}, validInputs("keyvault", base))).failures,
                [],
                `keyvault ${base.kind}`,
            );
        }
    });

    it(`never throws, hangs, lets invalid input through or echoes key material (${RUNS} cases, seeds ${SEED}+0..${WORKERS - 1})`, async () => {
        const stats = await fuzz("robust", RUNS, bases);
        console.log(
            `fuzz robust: ${stats.runs} cases in ${(stats.wallMs / 1000).toFixed(1)} s (${Math.round(stats.runs / (stats.wallMs / 1000))}/s); ` +
                `check ${(stats.totalCheckMs / stats.runs).toFixed(2)} ms mean, ${Math.round(stats.maxCaseMs)} ms max; ` +
                `${stats.claimedInvalid} known invalid, ${stats.refused} refused, ${stats.skippedKnownBug} held back (bug B8)`,
        );
        assert.equal(stats.runs, RUNS);
        assert.ok(stats.claimedInvalid > RUNS / 2, "most cases should be invalid by construction");
    });

    it("accepts valid material under CRLF, BOM, surrounding whitespace and blank lines between blocks (200 cases)", async () => {
        const stats = await fuzz("benign", 200, bases);
        assert.equal(stats.refused, 0);
    });

    // Was provider bug B7 (fixed): comparing only public keys let an RSA key with a corrupted private
    // exponent/prime, or an EC key with a corrupted scalar beside its intact public point, pass check.
    it("refuses a private key whose bytes were altered (one base64 flip in its body)", {}, async () => {
        await fuzz("corruptKey", 300, bases);
    });

    // Was provider bug B8 (fixed): an endpoint that fits the schema pattern but is not a URL made check throw.
    it(
        "answers an endpoint that fits the pattern but is no URL with a CheckFailure, not an exception",
        {},
        async () => {
            for (const endpoint of ["http://a:b:c", "https://acm.example.com:99999", "http://["]) {
                const result = await acmProvider.check!({}, { ...validInputs("acm", bases[0]), endpoint });
                assert.ok(
                    (result.failures ?? []).some((f) => f.property === "endpoint"),
                    endpoint,
                );
            }
        },
    );
});
