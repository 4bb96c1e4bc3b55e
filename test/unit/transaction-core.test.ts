/**
 * The transaction core (provider/deploy/transaction.ts) against an in-memory
 * fake cloud: every step × every failure, for a rotation, a fresh create and
 * a pinned-ARN create. Each cell is judged by full identity (leaf
 * fingerprint + chain): what the outcome says is live must be what the fake
 * cloud serves, and the result must agree with it. Certificates whose serial
 * repeats and whose chain alone differs are among the cases.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { CertificateIdentity } from "../../provider/deploy/identity";
import { sameCertificate } from "../../provider/deploy/identity";
import { runTransaction, TargetSteps, TransactionOutcome } from "../../provider/deploy/transaction";
import { closedPort } from "../fixtures/serving-server";

const id = (leaf: string, chain: string[], serial = "01"): CertificateIdentity => ({
    fingerprintSha256: leaf,
    chain,
    serial,
});
const OLD = id("aa:01", ["ca:01"]);
/** A renewal that kept the serial (`-set_serial 01`): only the fingerprint tells it apart. */
const SAME_SERIAL = id("bb:02", ["ca:01"], "01");
/** The same leaf with a missing intermediate added: only the chain tells it apart. */
const CHAIN_ONLY = id("aa:01", ["ca:02", "ca:01"]);
const OTHER = id("ff:99", [], "99");

type Phase =
    | "snapshot"
    | "import"
    | "tag"
    | "verify"
    | "rollback read"
    | "rollback"
    | "rollback verify"
    | "rollback tags"
    | "cleanup";
type Failure = "throws" | "throws after applying" | "acknowledged, not applied" | "stale reads beyond patience";

const PHASES: Phase[] = [
    "snapshot",
    "import",
    "tag",
    "verify",
    "rollback read",
    "rollback",
    "rollback verify",
    "rollback tags",
    "cleanup",
];
const FAILURES: Failure[] = [
    "throws",
    "throws after applying",
    "acknowledged, not applied",
    "stale reads beyond patience",
];
const WRITES: Phase[] = ["import", "tag", "rollback", "rollback tags", "cleanup"];
const READS: Phase[] = ["snapshot", "verify", "rollback read", "rollback verify"];
const POLICY = { attempts: 3, firstDelayMs: 0 };

/** One fake cloud location: what it serves, what it served before (stale reads show that), its tags. */
class FakeCloud {
    history: (CertificateIdentity | undefined)[] = [];
    tags: string = "old-tags";
    phase: Phase = "snapshot";
    private staleLeft = 0;

    constructor(
        initial: CertificateIdentity | undefined,
        private readonly fault: { phase: Phase; failure: Failure } | undefined,
    ) {
        this.history.push(initial);
    }

    get live(): CertificateIdentity | undefined {
        return this.history[this.history.length - 1];
    }

    private faultHere(): Failure | undefined {
        return this.fault?.phase === this.phase ? this.fault.failure : undefined;
    }

    async read(): Promise<CertificateIdentity | undefined> {
        const failure = this.faultHere();
        if (failure === "throws" || failure === "throws after applying")
            throw new Error(`read failed in ${this.phase}`);
        if (failure === "stale reads beyond patience" && this.staleLeft === 0) this.staleLeft = POLICY.attempts + 2;
        if (this.staleLeft > 0 && this.history.length > 1) {
            this.staleLeft--;
            return this.history[this.history.length - 2];
        }
        return this.live;
    }

    async write(apply: () => void): Promise<void> {
        const failure = this.faultHere();
        if (failure === "throws") throw new Error(`${this.phase} refused`);
        if (failure === "acknowledged, not applied") return;
        apply();
        if (failure === "throws after applying") throw new Error(`${this.phase}: answer lost`);
    }
}

interface Case {
    flow: "rotate" | "create" | "pinned create";
    intended: CertificateIdentity;
}

function stepsFor(c: Case, cloud: FakeCloud): TargetSteps<string> {
    const recorded = c.flow === "rotate" ? OLD : undefined;
    const put = (identity: CertificateIdentity | undefined) => () => cloud.history.push(identity);
    return {
        targetType: "AWSACM",
        target: "fake",
        intended: c.intended,
        recorded,
        adopting: c.flow === "pinned create",
        overwriteDrift: c.flow === "pinned create",
        snapshot: async () => {
            cloud.phase = "snapshot";
            const live = await cloud.read();
            return c.flow === "create" ? (live ? { at: "loc", live } : {}) : { at: "loc", live };
        },
        importIntended: async () => {
            cloud.phase = "import";
            await cloud.write(put(c.intended));
            return { at: "loc" };
        },
        applyTags: async () => {
            cloud.phase = "tag";
            await cloud.write(() => (cloud.tags = "new-tags"));
            cloud.phase = "verify";
        },
        readLive: async () => {
            if (cloud.phase === "import" || cloud.phase === "tag") cloud.phase = "verify";
            else if (cloud.phase === "verify") cloud.phase = "verify";
            return cloud.read();
        },
        restoreRecorded:
            c.flow === "rotate"
                ? async () => {
                      cloud.phase = "rollback";
                      await cloud.write(put(OLD));
                      cloud.phase = "rollback verify";
                      return undefined;
                  }
                : undefined,
        restoreTags: async () => {
            cloud.phase = "rollback tags";
            await cloud.write(() => (cloud.tags = "old-tags"));
        },
        discardFresh:
            c.flow === "create"
                ? async () => {
                      cloud.phase = "cleanup";
                      await cloud.write(put(undefined));
                  }
                : undefined,
        recoveryHint: () => "fix it by hand",
        apiCalls: () => 0,
    };
}

/** Moves the fake into "rollback read" once verify has given up, so faults can target the read before a restore. */
function withRollbackRead(steps: TargetSteps<string>, cloud: FakeCloud): TargetSteps<string> {
    let verifyReads = 0;
    return {
        ...steps,
        readLive: async (at) => {
            if (cloud.phase === "verify" && ++verifyReads > POLICY.attempts) cloud.phase = "rollback read";
            return steps.readLive(at);
        },
    };
}

const same = (a: CertificateIdentity | undefined, b: CertificateIdentity | undefined): boolean =>
    a === undefined || b === undefined ? a === b : sameCertificate(a, b).same && sameCertificate(b, a).same;

/** What the outcome claims is live, as an identity (undefined: nothing; "unknown": it says it does not know). */
function claimed(
    c: Case,
    outcome: TransactionOutcome<string>,
    baseline: CertificateIdentity | undefined,
): CertificateIdentity | undefined | "unknown" {
    switch (outcome.liveIs) {
        case "intended":
            return c.intended;
        case "recorded":
            return OLD;
        case "baseline":
            return baseline;
        case "none":
            return undefined;
        case "other":
            return outcome.reading.known ? outcome.reading.live : "unknown";
        case "unknown":
            return "unknown";
    }
}

async function runCell(
    c: Case,
    fault: { phase: Phase; failure: Failure } | undefined,
): Promise<{ outcome?: TransactionOutcome<string>; cloud: FakeCloud; aborted?: boolean }> {
    const initial = c.flow === "create" ? undefined : c.flow === "rotate" ? OLD : OTHER;
    const cloud = new FakeCloud(initial, fault);
    if (initial && fault?.failure === "stale reads beyond patience") cloud.history.unshift(OTHER);
    try {
        return { outcome: await runTransaction(withRollbackRead(stepsFor(c, cloud), cloud), POLICY), cloud };
    } catch {
        return { cloud, aborted: true };
    }
}

function judge(c: Case, label: string, run: Awaited<ReturnType<typeof runCell>>): void {
    const { outcome, cloud } = run;
    const baseline = c.flow === "pinned create" ? OTHER : undefined;
    if (run.aborted) {
        // Aborted before import: nothing may have been written.
        assert.ok(
            same(cloud.live, c.flow === "rotate" ? OLD : baseline),
            `${label}: an aborted transaction changed what is live`,
        );
        return;
    }
    assert.ok(outcome, label);
    const says = claimed(c, outcome, baseline);
    if (says !== "unknown")
        assert.ok(
            same(says, cloud.live),
            `${label}: outcome says ${JSON.stringify(says)} is live, the cloud serves ${JSON.stringify(cloud.live)}`,
        );
    const result = outcome.deployment.result;
    if (result === "succeeded")
        assert.ok(same(cloud.live, c.intended), `${label}: succeeded but the intended certificate is not live`);
    if (result === "rolled_back") {
        const before = c.flow === "rotate" ? OLD : baseline;
        assert.ok(same(cloud.live, before), `${label}: rolled_back but ${JSON.stringify(cloud.live)} is live`);
        if (c.flow === "rotate")
            assert.ok(
                outcome.tagsRestored !== false || cloud.tags === "new-tags",
                `${label}: tagsRestored false but the old tags are back`,
            );
        if (c.flow === "rotate" && outcome.tagsRestored !== false)
            assert.equal(
                cloud.tags,
                "old-tags",
                `${label}: rolled back, tags said restored, but the new tags are live`,
            );
    }
    if (result === "rollback_failed")
        assert.notEqual(
            outcome.liveIs,
            c.flow === "rotate" ? "recorded" : "none",
            `${label}: rollback_failed although the rollback's goal is live`,
        );
}

const CASES: Case[] = [
    { flow: "rotate", intended: SAME_SERIAL },
    { flow: "rotate", intended: CHAIN_ONLY },
    { flow: "create", intended: SAME_SERIAL },
    { flow: "pinned create", intended: SAME_SERIAL },
];

describe("transaction core with fake steps, judged by full identity", () => {
    for (const c of CASES) {
        describe(`${c.flow} to ${c.intended === CHAIN_ONLY ? "a chain-only change" : "a same-serial renewal"}`, () => {
            it("no fault: succeeded, the intended certificate live", async () => {
                const run = await runCell(c, undefined);
                judge(c, "no fault", run);
                assert.equal(run.outcome?.deployment.result, "succeeded");
                assert.ok(same(run.cloud.live, c.intended));
            });
            for (const phase of PHASES) {
                for (const failure of FAILURES) {
                    const applies =
                        (READS.includes(phase) &&
                            failure !== "acknowledged, not applied" &&
                            failure !== "throws after applying") ||
                        WRITES.includes(phase);
                    if (!applies) continue;
                    it(`${phase} · ${failure}`, async () =>
                        judge(c, `${c.flow} · ${phase} · ${failure}`, await runCell(c, { phase, failure })));
                }
            }
        });
    }

    it("a same-serial renewal is imported, not taken as already live", async () => {
        const run = await runCell({ flow: "rotate", intended: SAME_SERIAL }, undefined);
        assert.equal(run.cloud.history.length, 2, "one import");
        assert.equal(run.outcome?.liveIs, "intended");
    });

    it("a chain-only change is imported, not taken as already live", async () => {
        const run = await runCell({ flow: "rotate", intended: CHAIN_ONLY }, undefined);
        assert.equal(run.cloud.history.length, 2, "one import");
    });

    it("a chain that comes back with a trailing CA certificate matches and reports it", async () => {
        const withRoot = { ...SAME_SERIAL, chain: [...(SAME_SERIAL.chain ?? []), "amazon:root"] };
        const cloud = new FakeCloud(OLD, undefined);
        const steps = stepsFor({ flow: "rotate", intended: SAME_SERIAL }, cloud);
        const outcome = await runTransaction(
            { ...steps, readLive: async () => (cloud.phase === "snapshot" ? OLD : withRoot) },
            POLICY,
        );
        assert.equal(outcome.deployment.result, "succeeded");
        assert.deepEqual(outcome.trailingChain, ["amazon:root"]);
    });

    it("stale reads beyond verify's patience end with the old certificate imported again, and say so", async () => {
        const run = await runCell(
            { flow: "rotate", intended: SAME_SERIAL },
            { phase: "verify", failure: "stale reads beyond patience" },
        );
        assert.equal(run.outcome?.deployment.result, "rolled_back");
        assert.ok(same(run.cloud.live, OLD), "the restore was imported");
        assert.ok(run.cloud.history.length >= 3, "a restore import happened, not just a stale read believed");
    });

    it("a pinned create whose import is refused leaves the original live and reports rolled_back", async () => {
        const run = await runCell(
            { flow: "pinned create", intended: SAME_SERIAL },
            { phase: "import", failure: "throws" },
        );
        assert.equal(run.outcome?.deployment.result, "rolled_back");
        assert.equal(run.outcome?.liveIs, "baseline");
    });

    describe("the serving step, after verify (an endpoint that refuses: never the deployed leaf)", () => {
        const servingTo = async (required: boolean) => ({
            checks: [{ endpoint: `127.0.0.1:${await closedPort()}`, timeoutSeconds: 0, required }],
            options: { pollIntervalMs: 10, handshakeTimeoutMs: 500 },
        });
        const stepNames = (outcome: TransactionOutcome<string>): string[] =>
            outcome.deployment.steps.map((s) => `${s.step}:${s.ok}`);

        it("a required check that fails a rotation rolls it back: the old certificate is live, the step recorded", async () => {
            const c: Case = { flow: "rotate", intended: SAME_SERIAL };
            const cloud = new FakeCloud(OLD, undefined);
            const outcome = await runTransaction(stepsFor(c, cloud), POLICY, await servingTo(true));
            judge(c, "required serving check", { outcome, cloud });
            assert.equal(outcome.deployment.result, "rolled_back");
            assert.ok(same(cloud.live, OLD));
            assert.deepEqual(stepNames(outcome).slice(3, 5), ["verify:true", "serving:false"]);
            assert.match(
                outcome.failure ?? "",
                /required serving check failed: 127\.0\.0\.1:\d+ does not serve the deployed certificate/,
            );
            assert.equal(outcome.servingStatus?.[0].matched, false);
        });

        it("a required check that fails a fresh create discards it: nothing is live", async () => {
            const c: Case = { flow: "create", intended: SAME_SERIAL };
            const cloud = new FakeCloud(undefined, undefined);
            const outcome = await runTransaction(stepsFor(c, cloud), POLICY, await servingTo(true));
            judge(c, "required serving check on create", { outcome, cloud });
            assert.equal(outcome.liveIs, "none");
            assert.equal(cloud.live, undefined);
        });

        it("an optional check that fails leaves the deployment succeeded, with its status", async () => {
            const c: Case = { flow: "rotate", intended: SAME_SERIAL };
            const cloud = new FakeCloud(OLD, undefined);
            const outcome = await runTransaction(stepsFor(c, cloud), POLICY, await servingTo(false));
            assert.equal(outcome.deployment.result, "succeeded");
            assert.ok(same(cloud.live, SAME_SERIAL));
            assert.match(outcome.servingStatus?.[0].error ?? "", /ECONNREFUSED/);
            assert.deepEqual(stepNames(outcome).at(-1), "serving:false");
        });
    });

    it("verify whose last read throws reports unknown, not an earlier read's identity", async () => {
        const cloud = new FakeCloud(OLD, undefined);
        const steps = stepsFor({ flow: "rotate", intended: SAME_SERIAL }, cloud);
        let reads = 0;
        const outcome = await runTransaction(
            {
                ...steps,
                restoreRecorded: async () => {
                    throw new Error("restore refused");
                },
                readLive: async () => {
                    reads++;
                    if (reads === 1) return OTHER;
                    throw new Error("read failed");
                },
            },
            POLICY,
        );
        assert.equal(outcome.deployment.result, "rollback_failed");
        assert.equal(outcome.liveIs, "unknown");
    });
});
