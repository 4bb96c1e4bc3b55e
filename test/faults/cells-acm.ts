/**
 * ACM rows of the fault matrix. Call order of a rotation:
 *   DescribeCertificate (snapshot) → ImportCertificate (CertificateArn, no Tags)
 *   → AddTagsToCertificate → DescribeCertificate × ≤4 (verify);
 * on failure: DescribeCertificate (is the old one still live?) →
 *   ImportCertificate (restore from state) → DescribeCertificate × ≤4.
 * A fresh create: ImportCertificate (with Tags) → DescribeCertificate × ≤4;
 * on failure: DeleteCertificate → ListCertificates → Describe/ListTags per match.
 */
import type { FaultKind, FaultSpec } from "../../testing/acm";
import { ABSORBED_LATENCY_MS, AcmCell, Expectation, HOLD_MS, SDK_ATTEMPTS, Step, VERIFY_READS } from "./cells";

type Op = FaultSpec["operation"];

const every = Infinity;
/** A fault on every HTTP attempt of one SDK call. */
const oneCall = (kind: FaultKind): number => (kind === "accessDenied" ? 1 : SDK_ATTEMPTS);
/** A fault on every HTTP attempt of every verify read. */
const allReads = (kind: FaultKind): number => oneCall(kind) * VERIFY_READS;

const ERRORS: { kind: FaultKind; label: string }[] = [
    { kind: "throttle", label: "throttle" },
    { kind: "internal", label: "500" },
    { kind: "reset", label: "connection reset" },
    { kind: "accessDenied", label: "access denied" },
];

const rotate = (step: Step, fault: string, faults: FaultSpec[], expect: Expectation, extra: Partial<AcmCell> = {}): AcmCell => ({
    target: "acm",
    flow: "rotate",
    step,
    fault,
    faults,
    expect: { newArns: 0, ...expect },
    ...extra,
});
const create = (step: Step, fault: string, faults: FaultSpec[], expect: Expectation, extra: Partial<AcmCell> = {}): AcmCell => ({
    target: "acm",
    flow: "create",
    step,
    fault,
    faults,
    expect,
    ...extra,
});

const latency = (operation: Op, afterCalls = 0, latencyMs = ABSORBED_LATENCY_MS): FaultSpec => ({ operation, kind: "latency", afterCalls, latencyMs });
/** The tag step fails once: the import has landed, so rollback must re-import the old certificate. */
const tagFails: FaultSpec = { operation: "AddTagsToCertificate", kind: "accessDenied" };

const OLD: Expectation = { outcome: "rolled_back", live: "old" };
const NEW: Expectation = { outcome: "succeeded", live: "new" };

const rotation: AcmCell[] = [
    // snapshot: nothing is written when the first read fails.
    ...ERRORS.map(({ kind, label }) =>
        rotate("snapshot", `${label} (every attempt)`, [{ operation: "DescribeCertificate", kind, times: every }], { outcome: "aborted", live: "old" }),
    ),
    rotate("snapshot", "latency (absorbed)", [latency("DescribeCertificate")], NEW),
    rotate(
        "snapshot",
        "stale read (an earlier certificate)",
        [{ operation: "DescribeCertificate", kind: "staleDescribe" }],
        { outcome: "aborted", live: "old" },
        { needsHistory: true },
    ),
    rotate("snapshot", "host killed, then up again", [latency("DescribeCertificate", 0, HOLD_MS)], NEW, { killDuring: 0 }),

    // import
    rotate("import", "throttle (once, retried)", [{ operation: "ImportCertificate", kind: "throttle" }], NEW),
    ...ERRORS.map(({ kind, label }) => rotate("import", `${label} (every attempt)`, [{ operation: "ImportCertificate", kind, times: oneCall(kind) }], OLD)),
    rotate("import", "answer lost after it applied (every attempt)", [{ operation: "ImportCertificate", kind: "reset", applied: true, times: SDK_ATTEMPTS }], OLD),
    rotate("import", "acknowledged, not applied", [{ operation: "ImportCertificate", kind: "ackNotApplied" }], OLD),
    rotate("import", "latency (absorbed)", [latency("ImportCertificate")], NEW),
    rotate("import", "host killed, import lands, then up again", [latency("ImportCertificate", 0, HOLD_MS)], NEW, {
        killDuring: 0,
    }),
    rotate(
        "import",
        "host killed, import never applied, then up again",
        [latency("ImportCertificate", 0, HOLD_MS), { operation: "ImportCertificate", kind: "ackNotApplied" }],
        NEW,
        { killDuring: 0 },
    ),

    // tag: the new certificate is live by then, so rollback re-imports the old one.
    ...ERRORS.map(({ kind, label }) => rotate("tag", `${label} (every attempt)`, [{ operation: "AddTagsToCertificate", kind, times: oneCall(kind) }], OLD)),
    rotate("tag", "latency (absorbed)", [latency("AddTagsToCertificate")], NEW),

    // verify: reads after the import (the snapshot is call 1).
    ...ERRORS.map(({ kind, label }) => rotate("verify", `${label} (every read)`, [{ operation: "DescribeCertificate", kind, afterCalls: 1, times: allReads(kind) }], OLD)),
    rotate("verify", "stale read (once)", [{ operation: "DescribeCertificate", kind: "staleDescribe", afterCalls: 1 }], NEW),
    rotate("verify", "stale read (every read)", [{ operation: "DescribeCertificate", kind: "staleDescribe", afterCalls: 1, times: VERIFY_READS }], OLD),
    rotate("verify", "latency (absorbed)", [latency("DescribeCertificate", 1)], NEW),
    rotate("verify", "host killed, then up again", [latency("DescribeCertificate", 1, HOLD_MS)], NEW, { killDuring: 0 }),

    // rollback import: the tag step fails, rollback's ImportCertificate (call 2) meets the fault.
    ...ERRORS.map(({ kind, label }) =>
        rotate("rollback import", `${label} (every attempt)`, [tagFails, { operation: "ImportCertificate", kind, afterCalls: 1, times: oneCall(kind) }], {
            outcome: "rollback_failed",
            live: "new",
        }),
    ),
    rotate(
        "rollback import",
        "answer lost after it applied (every attempt)",
        [tagFails, { operation: "ImportCertificate", kind: "reset", applied: true, afterCalls: 1, times: SDK_ATTEMPTS }],
        OLD,
        {},
    ),
    rotate("rollback import", "acknowledged, not applied", [tagFails, { operation: "ImportCertificate", kind: "ackNotApplied", afterCalls: 1 }], {
        outcome: "rollback_failed",
        live: "new",
    }),
    rotate("rollback import", "latency (absorbed)", [tagFails, latency("ImportCertificate", 1)], OLD),
    rotate("rollback import", "host killed, restore lands, then up again", [tagFails, latency("ImportCertificate", 1, HOLD_MS)], NEW, { killDuring: 1 }),

    // rollback verify: snapshot (1) and the "still live?" read (2) pass; every later read fails.
    ...ERRORS.map(({ kind, label }) =>
        rotate("rollback verify", `${label} (every read)`, [tagFails, { operation: "DescribeCertificate", kind, afterCalls: 2, times: every }], {
            outcome: "rollback_failed",
            live: "old",
        }),
    ),
    rotate("rollback verify", "stale read (twice)", [tagFails, { operation: "DescribeCertificate", kind: "staleDescribe", afterCalls: 2, times: 2 }], OLD),
    rotate("rollback verify", "latency (absorbed)", [tagFails, latency("DescribeCertificate", 2)], OLD),
];

const GONE: Expectation = { outcome: "rolled_back", live: "none", newArns: 0 };
const CREATED: Expectation = { outcome: "succeeded", live: "new", newArns: 1 };
/** Verify cannot read the fresh ARN at all, so the fresh import must be cleaned up. */
const blindVerify: FaultSpec = { operation: "DescribeCertificate", kind: "internal", times: allReads("internal") };

const freshCreate: AcmCell[] = [
    ...ERRORS.map(({ kind, label }) => create("import", `${label} (every attempt)`, [{ operation: "ImportCertificate", kind, times: oneCall(kind) }], GONE)),
    create("import", "answer lost after it applied (once, retried)", [{ operation: "ImportCertificate", kind: "reset", applied: true }], CREATED, {}),
    create("import", "answer lost after it applied (every attempt)", [{ operation: "ImportCertificate", kind: "reset", applied: true, times: SDK_ATTEMPTS }], GONE),
    create("import", "acknowledged, not applied", [{ operation: "ImportCertificate", kind: "ackNotApplied" }], GONE, {}),
    create("import", "latency (absorbed)", [latency("ImportCertificate")], CREATED),
    create("import", "host killed, import lands, then up again", [latency("ImportCertificate", 0, HOLD_MS)], CREATED, {
        killDuring: 0,
    }),
    create(
        "import",
        "host killed, import never applied, then up again",
        [latency("ImportCertificate", 0, HOLD_MS), { operation: "ImportCertificate", kind: "ackNotApplied" }],
        CREATED,
        { killDuring: 0 },
    ),

    // Throttled reads are covered by the rotation rows (same verify code); here they would add ~20 s of adaptive-retry back-off.
    ...ERRORS.filter(({ kind }) => kind !== "throttle").map(({ kind, label }) =>
        create("verify", `${label} (every read)`, [{ operation: "DescribeCertificate", kind, times: allReads(kind) }], GONE),
    ),
    create("verify", "latency (absorbed)", [latency("DescribeCertificate")], CREATED),

    // cleanup is the fresh create's rollback: the new ARN cannot be deleted, so state must record it.
    ...ERRORS.filter(({ kind }) => kind !== "reset").map(({ kind, label }) =>
        create("cleanup", `${label} on DeleteCertificate`, [blindVerify, { operation: "DeleteCertificate", kind, times: every }], {
            outcome: "rollback_failed",
            live: "new",
            newArns: 1,
        }),
    ),
];

export const ACM_ROTATION_CELLS: AcmCell[] = rotation;
export const ACM_CREATE_CELLS: AcmCell[] = freshCreate;
export const ACM_CELLS: AcmCell[] = [...rotation, ...freshCreate];
