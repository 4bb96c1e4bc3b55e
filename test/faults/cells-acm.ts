/**
 * ACM rows of the fault matrix. Call order of a rotation:
 *   GetCertificate (snapshot) → ImportCertificate (CertificateArn, no Tags)
 *   → AddTagsToCertificate → GetCertificate × ≤4 (verify);
 * on failure: GetCertificate (is the old one still live? believed only when our import threw) →
 *   ImportCertificate (restore from state) → GetCertificate × ≤4 → AddTagsToCertificate (old tags back).
 * A fresh create: ListCertificates (leftovers) → ImportCertificate (with Tags) → GetCertificate × ≤4;
 * on failure: DeleteCertificate → ListCertificates → ListTags/GetCertificate per match.
 */
import type { FaultKind, FaultSpec } from "../../testing/acm";
import { ABSORBED_LATENCY_MS, AcmCell, Expectation, HOLD_MS, SDK_ATTEMPTS, Step, VERIFY_READS } from "./cells";
import type { Variant } from "./material";

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

const rotate = (
    step: Step,
    fault: string,
    faults: FaultSpec[],
    expect: Expectation,
    extra: Partial<AcmCell> = {},
): AcmCell => ({
    target: "acm",
    flow: "rotate",
    step,
    fault,
    faults,
    expect: { newArns: 0, ...expect },
    ...extra,
});
const create = (
    step: Step,
    fault: string,
    faults: FaultSpec[],
    expect: Expectation,
    extra: Partial<AcmCell> = {},
): AcmCell => ({
    target: "acm",
    flow: "create",
    step,
    fault,
    faults,
    expect,
    ...extra,
});

const latency = (operation: Op, afterCalls = 0, latencyMs = ABSORBED_LATENCY_MS): FaultSpec => ({
    operation,
    kind: "latency",
    afterCalls,
    latencyMs,
});
/** GetCertificate shows the certificate imported before the live one, for `times` reads from call `afterCalls` + 1. */
const stale = (afterCalls: number, times: number): FaultSpec => ({
    operation: "GetCertificate",
    kind: "staleGet",
    afterCalls,
    times,
});
/** More stale reads than verify makes: verify gives up, and the rollback must not believe the next stale read. */
const BEYOND_PATIENCE = VERIFY_READS + 2;
/** The tag step fails once: the import has landed, so rollback must re-import the old certificate. */
const tagFails: FaultSpec = { operation: "AddTagsToCertificate", kind: "accessDenied" };

const OLD: Expectation = { outcome: "rolled_back", live: "old" };
const NEW: Expectation = { outcome: "succeeded", live: "new" };

const rotation: AcmCell[] = [
    // snapshot: nothing is written when the first read fails.
    ...ERRORS.map(({ kind, label }) =>
        rotate("snapshot", `${label} (every attempt)`, [{ operation: "GetCertificate", kind, times: every }], {
            outcome: "aborted",
            live: "old",
        }),
    ),
    rotate("snapshot", "latency (absorbed)", [latency("GetCertificate")], NEW),
    rotate(
        "snapshot",
        "stale read (an earlier certificate)",
        [stale(0, 1)],
        { outcome: "aborted", live: "old" },
        { needsHistory: true },
    ),
    rotate("snapshot", "host killed, then up again", [latency("GetCertificate", 0, HOLD_MS)], NEW, { killDuring: 0 }),

    // import
    rotate("import", "throttle (once, retried)", [{ operation: "ImportCertificate", kind: "throttle" }], NEW),
    ...ERRORS.map(({ kind, label }) =>
        rotate(
            "import",
            `${label} (every attempt)`,
            [{ operation: "ImportCertificate", kind, times: oneCall(kind) }],
            OLD,
        ),
    ),
    rotate(
        "import",
        "answer lost after it applied (every attempt)",
        [{ operation: "ImportCertificate", kind: "reset", applied: true, times: SDK_ATTEMPTS }],
        OLD,
    ),
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
    ...ERRORS.map(({ kind, label }) =>
        rotate(
            "tag",
            `${label} (every attempt)`,
            [{ operation: "AddTagsToCertificate", kind, times: oneCall(kind) }],
            OLD,
        ),
    ),
    rotate("tag", "latency (absorbed)", [latency("AddTagsToCertificate")], NEW),

    // verify: reads after the import (the snapshot is call 1).
    ...ERRORS.map(({ kind, label }) =>
        rotate(
            "verify",
            `${label} (every read)`,
            [{ operation: "GetCertificate", kind, afterCalls: 1, times: allReads(kind) }],
            OLD,
        ),
    ),
    rotate("verify", "stale read (once)", [stale(1, 1)], NEW),
    rotate("verify", "stale read (every read)", [stale(1, VERIFY_READS)], OLD),
    // The old certificate shows for more reads than verify makes: the new one is live, so the rollback imports the old one again.
    rotate("verify", "stale reads beyond verify's patience", [stale(1, BEYOND_PATIENCE)], OLD),
    rotate(
        "verify",
        "stale reads beyond verify's patience, then answers lost",
        [
            stale(1, BEYOND_PATIENCE),
            { operation: "GetCertificate", kind: "internal", afterCalls: 1 + BEYOND_PATIENCE, times: 2 },
        ],
        OLD,
    ),
    rotate("verify", "latency (absorbed)", [latency("GetCertificate", 1)], NEW),
    rotate("verify", "host killed, then up again", [latency("GetCertificate", 1, HOLD_MS)], NEW, { killDuring: 0 }),

    // rollback import: the tag step fails, rollback's ImportCertificate (call 2) meets the fault.
    ...ERRORS.map(({ kind, label }) =>
        rotate(
            "rollback import",
            `${label} (every attempt)`,
            [tagFails, { operation: "ImportCertificate", kind, afterCalls: 1, times: oneCall(kind) }],
            {
                outcome: "rollback_failed",
                live: "new",
            },
        ),
    ),
    rotate(
        "rollback import",
        "answer lost after it applied (every attempt)",
        [
            tagFails,
            { operation: "ImportCertificate", kind: "reset", applied: true, afterCalls: 1, times: SDK_ATTEMPTS },
        ],
        OLD,
        {},
    ),
    rotate(
        "rollback import",
        "acknowledged, not applied",
        [tagFails, { operation: "ImportCertificate", kind: "ackNotApplied", afterCalls: 1 }],
        {
            outcome: "rollback_failed",
            live: "new",
        },
    ),
    rotate("rollback import", "latency (absorbed)", [tagFails, latency("ImportCertificate", 1)], OLD),
    rotate(
        "rollback import",
        "host killed, restore lands, then up again",
        [tagFails, latency("ImportCertificate", 1, HOLD_MS)],
        NEW,
        { killDuring: 1 },
    ),

    // rollback verify: snapshot (1) and the "still live?" read (2) pass; every later read fails.
    ...ERRORS.map(({ kind, label }) =>
        rotate(
            "rollback verify",
            `${label} (every read)`,
            [tagFails, { operation: "GetCertificate", kind, afterCalls: 2, times: every }],
            {
                outcome: "rollback_failed",
                live: "old",
            },
        ),
    ),
    rotate("rollback verify", "stale read (twice)", [tagFails, stale(2, 2)], OLD),
    rotate("rollback verify", "latency (absorbed)", [tagFails, latency("GetCertificate", 2)], OLD),
    // rollback tags: the old certificate is back, then putting the old tags back fails; state records the tags that are live.
    rotate(
        "rollback tags",
        "access denied",
        [tagFails, { operation: "AddTagsToCertificate", kind: "accessDenied", afterCalls: 1 }],
        OLD,
    ),
];

/** Identity rows: certificates a serial comparison would confuse, through the faults that matter for them. */
const identityRows = (variant: Variant): AcmCell[] => [
    rotate("import", "none", [], NEW, { variant }),
    rotate(
        "import",
        "500 (every attempt)",
        [{ operation: "ImportCertificate", kind: "internal", times: SDK_ATTEMPTS }],
        OLD,
        { variant },
    ),
    rotate("import", "acknowledged, not applied", [{ operation: "ImportCertificate", kind: "ackNotApplied" }], OLD, {
        variant,
    }),
    rotate("tag", "access denied", [tagFails], OLD, { variant }),
    rotate("verify", "stale reads beyond verify's patience", [stale(1, BEYOND_PATIENCE)], OLD, { variant }),
    rotate("import", "host killed, import lands, then up again", [latency("ImportCertificate", 0, HOLD_MS)], NEW, {
        variant,
        killDuring: 0,
    }),
];

const identity: AcmCell[] = [
    ...identityRows("same serial"),
    ...identityRows("chain only"),
    ...identityRows("digit-only serial"),
];

const GONE: Expectation = { outcome: "rolled_back", live: "none", newArns: 0 };
const CREATED: Expectation = { outcome: "succeeded", live: "new", newArns: 1 };
/** Verify cannot read the fresh ARN at all, so the fresh import must be cleaned up. */
const blindVerify: FaultSpec = { operation: "GetCertificate", kind: "internal", times: allReads("internal") };

const freshCreate: AcmCell[] = [
    ...ERRORS.map(({ kind, label }) =>
        create(
            "import",
            `${label} (every attempt)`,
            [{ operation: "ImportCertificate", kind, times: oneCall(kind) }],
            GONE,
        ),
    ),
    create(
        "import",
        "answer lost after it applied (once, retried)",
        [{ operation: "ImportCertificate", kind: "reset", applied: true }],
        CREATED,
        {},
    ),
    create(
        "import",
        "answer lost after it applied (every attempt)",
        [{ operation: "ImportCertificate", kind: "reset", applied: true, times: SDK_ATTEMPTS }],
        GONE,
    ),
    create(
        "import",
        "acknowledged, not applied",
        [{ operation: "ImportCertificate", kind: "ackNotApplied" }],
        GONE,
        {},
    ),
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
        create("verify", `${label} (every read)`, [{ operation: "GetCertificate", kind, times: allReads(kind) }], GONE),
    ),
    create("verify", "latency (absorbed)", [latency("GetCertificate")], CREATED),
    create("import", "none", [], CREATED, { variant: "digit-only serial" }),

    // cleanup is the fresh create's rollback: the new ARN cannot be deleted, so state must record it.
    ...ERRORS.filter(({ kind }) => kind !== "reset").map(({ kind, label }) =>
        create(
            "cleanup",
            `${label} on DeleteCertificate`,
            [blindVerify, { operation: "DeleteCertificate", kind, times: every }],
            {
                outcome: "rollback_failed",
                live: "new",
                newArns: 1,
            },
        ),
    ),
];

/** A create that adopts a pinned ARN whose import is refused: the original stays live, nothing is recorded, nobody is paged. */
const ORIGINAL: Expectation = { outcome: "rolled_back", live: "old", newArns: 0 };
const pinned = (fault: string, faults: FaultSpec[], expect: Expectation): AcmCell => ({
    target: "acm",
    flow: "pinned create",
    step: "import",
    fault,
    faults,
    expect,
});
const pinnedCreate: AcmCell[] = [
    ...ERRORS.map(({ kind, label }) =>
        pinned(`${label} (every attempt)`, [{ operation: "ImportCertificate", kind, times: oneCall(kind) }], ORIGINAL),
    ),
    pinned("none", [], { outcome: "succeeded", live: "new", newArns: 0 }),
];

export const ACM_ROTATION_CELLS: AcmCell[] = [...rotation, ...identity];
export const ACM_CREATE_CELLS: AcmCell[] = [...freshCreate, ...pinnedCreate];
export const ACM_CELLS: AcmCell[] = [...ACM_ROTATION_CELLS, ...ACM_CREATE_CELLS];
