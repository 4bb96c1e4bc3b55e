/**
 * Key Vault rows of the fault matrix. Call order of a rotation (after the
 * bearer challenge, which faults never see):
 *   getCertificate (snapshot) → import (a new version, tags on it) → getCertificate × ≤4 (verify);
 * on failure: getCertificate (is the old one still latest?) → import (the old
 *   certificate and key from state, one more version) → getCertificate × ≤4.
 * Key Vault has no tag step (tags travel with every import, the chain digest
 * among them). Stale reads (staleRead: getCertificate shows the version
 * before the latest) and "another writer lands after our import"
 * (ackNotLatest) are told apart by version id: only a version newer than the
 * snapshot's proves the old certificate is live without a restore.
 * Throttles answer Retry-After: 0 so the SDK retries at once.
 */
import type { FaultKind, FaultSpec } from "../../testing/keyvault";
import { ABSORBED_LATENCY_MS, Expectation, HOLD_MS, KeyVaultCell, SDK_ATTEMPTS, Step, VERIFY_READS } from "./cells";
import type { Variant } from "./material";

type Op = FaultSpec["operation"];

const every = Infinity;
const oneCall = (kind: FaultKind): number => (kind === "forbidden" ? 1 : SDK_ATTEMPTS);
const allReads = (kind: FaultKind): number => oneCall(kind) * VERIFY_READS;

const ERRORS: { kind: FaultKind; label: string }[] = [
    { kind: "throttle", label: "throttle" },
    { kind: "internal", label: "500" },
    { kind: "reset", label: "connection reset" },
    { kind: "forbidden", label: "403 forbidden" },
];

const fault = (operation: Op, kind: FaultKind, times: number, afterCalls = 0): FaultSpec => ({
    operation,
    kind,
    times,
    afterCalls,
    ...(kind === "throttle" ? { retryAfterSeconds: 0 } : {}),
});
const latency = (operation: Op, afterCalls = 0, latencyMs = ABSORBED_LATENCY_MS): FaultSpec => ({
    operation,
    kind: "latency",
    afterCalls,
    latencyMs,
});
const stale = (afterCalls: number, times: number): FaultSpec => ({
    operation: "getCertificate",
    kind: "staleRead",
    afterCalls,
    times,
});
const BEYOND_PATIENCE = VERIFY_READS + 2;

const rotate = (
    step: Step,
    label: string,
    faults: FaultSpec[],
    expect: Expectation,
    extra: Partial<KeyVaultCell> = {},
): KeyVaultCell => ({
    target: "keyvault",
    flow: "rotate",
    step,
    fault: label,
    faults,
    expect,
    ...extra,
});

/** Verify cannot read while our new version is latest: rollback must import the old certificate again. */
const blindVerify = fault("getCertificate", "internal", allReads("internal"), 1);
/** getCertificate calls before rollback's verify: snapshot, the failed verify reads, the "still latest?" read. */
const BEFORE_ROLLBACK_VERIFY = 1 + allReads("internal") + 1;

const NEW: Expectation = { outcome: "succeeded", live: "new", newVersions: 1 };
const UNCHANGED: Expectation = { outcome: "rolled_back", live: "old", newVersions: 0 };
const RESTORED: Expectation = { outcome: "rolled_back", live: "old", newVersions: 2 };
const STUCK_ON_NEW: Expectation = { outcome: "rollback_failed", live: "new", newVersions: 1 };

const rotation: KeyVaultCell[] = [
    ...ERRORS.map(({ kind, label }) =>
        rotate("snapshot", `${label} (every attempt)`, [fault("getCertificate", kind, every)], {
            outcome: "aborted",
            live: "old",
            newVersions: 0,
        }),
    ),
    rotate("snapshot", "latency (absorbed)", [latency("getCertificate")], NEW),
    rotate("snapshot", "host killed, then up again", [latency("getCertificate", 0, HOLD_MS)], NEW, { killDuring: 0 }),

    rotate("import", "throttle (once, retried)", [fault("import", "throttle", 1)], NEW),
    ...ERRORS.map(({ kind, label }) =>
        rotate("import", `${label} (every attempt)`, [fault("import", kind, oneCall(kind))], UNCHANGED),
    ),
    rotate("import", "acknowledged, another writer's version latest", [{ operation: "import", kind: "ackNotLatest" }], {
        outcome: "rolled_back",
        live: "old",
        newVersions: 2,
    }),
    rotate("import", "latency (absorbed)", [latency("import")], NEW),
    rotate("import", "host killed, import lands, then up again", [latency("import", 0, HOLD_MS)], NEW, {
        killDuring: 0,
    }),

    ...ERRORS.map(({ kind, label }) =>
        rotate("verify", `${label} (every read)`, [fault("getCertificate", kind, allReads(kind), 1)], RESTORED),
    ),
    rotate("verify", "latency (absorbed)", [latency("getCertificate", 1)], NEW),
    rotate("verify", "host killed, then up again", [latency("getCertificate", 1, HOLD_MS)], NEW, { killDuring: 0 }),

    ...ERRORS.map(({ kind, label }) =>
        rotate(
            "rollback import",
            `${label} (every attempt)`,
            [blindVerify, fault("import", kind, oneCall(kind), 1)],
            STUCK_ON_NEW,
        ),
    ),
    rotate(
        "rollback import",
        "acknowledged, another writer's version latest",
        [blindVerify, { operation: "import", kind: "ackNotLatest", afterCalls: 1 }],
        {
            outcome: "rollback_failed",
            live: "new",
            newVersions: 3,
        },
    ),
    rotate("rollback import", "latency (absorbed)", [blindVerify, latency("import", 1)], RESTORED),
    rotate(
        "rollback import",
        "host killed, restore lands, then up again",
        [blindVerify, latency("import", 1, HOLD_MS)],
        { ...NEW, newVersions: 3 },
        { killDuring: 1 },
    ),

    ...ERRORS.map(({ kind, label }) =>
        rotate(
            "rollback verify",
            `${label} (every read)`,
            [blindVerify, fault("getCertificate", kind, every, BEFORE_ROLLBACK_VERIFY)],
            {
                outcome: "rollback_failed",
                live: "old",
                newVersions: 2,
            },
        ),
    ),

    // Stale reads: the previous version shows although ours is latest.
    rotate("verify", "stale read (once)", [stale(1, 1)], NEW),
    rotate("verify", "stale reads beyond verify's patience", [stale(1, BEYOND_PATIENCE)], RESTORED),
    rotate("rollback verify", "stale read (twice)", [blindVerify, stale(BEFORE_ROLLBACK_VERIFY, 2)], RESTORED),
];

/** Identity rows: certificates a serial or leaf-only comparison would confuse. */
const identityRows = (variant: Variant): KeyVaultCell[] => [
    rotate("import", "none", [], NEW, { variant }),
    rotate("import", "500 (every attempt)", [fault("import", "internal", SDK_ATTEMPTS)], UNCHANGED, { variant }),
    rotate("verify", "stale reads beyond verify's patience", [stale(1, BEYOND_PATIENCE)], RESTORED, { variant }),
    rotate("import", "host killed, import lands, then up again", [latency("import", 0, HOLD_MS)], NEW, {
        variant,
        killDuring: 0,
    }),
];

const freshCreate: KeyVaultCell[] = [
    {
        target: "keyvault",
        flow: "create",
        step: "import",
        fault: "500 (every attempt)",
        faults: [fault("import", "internal", SDK_ATTEMPTS)],
        expect: { outcome: "rolled_back", live: "none", newVersions: 0 },
    },
    {
        target: "keyvault",
        flow: "create",
        step: "verify",
        fault: "500 (every read)",
        // getCertificate 1 is the snapshot (404: nothing there yet). The name is new, so the failed create removes it
        // (soft delete and purge), as a fresh ACM import's ARN is deleted: no version is left behind.
        faults: [fault("getCertificate", "internal", allReads("internal"), 1)],
        expect: { outcome: "rolled_back", live: "none", newVersions: 0 },
    },
    {
        target: "keyvault",
        flow: "create",
        step: "import",
        fault: "host killed, import lands, then up again",
        faults: [latency("import", 0, HOLD_MS)],
        expect: { outcome: "succeeded", live: "new", newVersions: 1 },
        killDuring: 0,
    },
];

const identity: KeyVaultCell[] = [
    ...identityRows("same serial"),
    ...identityRows("chain only"),
    ...identityRows("digit-only serial"),
];

export const KEY_VAULT_CELLS: KeyVaultCell[] = [...rotation, ...identity, ...freshCreate];
