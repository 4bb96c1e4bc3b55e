/**
 * The fault matrix as data: one row per {target, flow, step, fault} with the
 * faults to inject into the emulator and the outcome the transaction must
 * reach. The test (matrix.test.ts) runs exactly these rows and renders the
 * same rows into docs/fault-matrix.md, so the document cannot drift from the
 * tests.
 *
 * Budgets the rows are sized against (TestStack sets them):
 * CERTDEPLOY_AWS_MAX_ATTEMPTS=2 and CERTDEPLOY_AZURE_MAX_RETRIES=1 give two
 * HTTP calls per SDK call for retryable faults (throttle, 500, reset) and one
 * for access denied; verify reads the live certificate 4 times.
 */
import type { FaultSpec as AcmFaultSpec } from "../emulators/acm";
import type { FaultSpec as KeyVaultFaultSpec } from "../emulators/keyvault";

export type Target = "acm" | "keyvault";
/** rotate: an existing resource gets a new certificate; create: a new resource. */
export type Flow = "rotate" | "create";
export type Step = "snapshot" | "import" | "tag" | "verify" | "rollback import" | "rollback verify" | "cleanup";
/** The attempt's result as the audit log and the attempts counter record it. */
export type Outcome = "succeeded" | "rolled_back" | "rollback_failed" | "aborted";
/** Which certificate is live at the end: the one state held before (old), the one deployed (new), or nothing. */
export type Live = "old" | "new" | "none";

export interface Expectation {
    outcome: Outcome;
    live: Live;
    /** ACM: ARNs this cell leaves behind (create: 1 when state holds it, else 0; rotate: always 0). */
    newArns?: number;
    /** Key Vault: versions this cell adds to the certificate name. */
    newVersions?: number;
}

/** A provider bug this row exposes: the row is skipped until the lead fixes it. */
export interface KnownBug {
    id: string;
    /** What the provider does instead (observed when the row was written). */
    observed: string;
}

interface CellBase {
    flow: Flow;
    step: Step;
    /** Short fault label for the document, e.g. "throttle (every attempt)". */
    fault: string;
    expect: Expectation;
    /**
     * Kill the provider host (SIGKILL) while the call held by faults[index]
     * (a latency fault) waits in the emulator, then repeat `pulumi up` with a
     * fresh host. `expect` describes the end state after the repeat.
     */
    killDuring?: number;
    /** The ARN must already hold an earlier certificate (stale reads show it). */
    needsHistory?: boolean;
    bug?: KnownBug;
}

export interface AcmCell extends CellBase {
    target: "acm";
    faults: AcmFaultSpec[];
}

export interface KeyVaultCell extends CellBase {
    target: "keyvault";
    faults: KeyVaultFaultSpec[];
}

export type Cell = AcmCell | KeyVaultCell;

export const cellId = (c: Cell): string => `${c.target} ${c.flow} · ${c.step} · ${c.fault}`;

/** HTTP calls one SDK call makes when every attempt fails with a retryable fault. */
export const SDK_ATTEMPTS = 2;
/** Reads verify makes before it gives up (CERTDEPLOY_VERIFY_ATTEMPTS default). */
export const VERIFY_READS = 4;
/** Latency the SDKs absorb (no client timeout is configured; see the report on timeouts). */
export const ABSORBED_LATENCY_MS = 300;
/** Latency that holds a call long enough to kill the host while it waits. */
export const HOLD_MS = 1500;

export const BUGS = {
    killedRotationRefusedAsDrift: {
        id: "B1",
        observed:
            "the repeated `pulumi up` stops with `was changed outside Pulumi: serial <new> is live, state says <old>. Nothing was imported.` (aborted); state keeps the old certificate while the new one, ours with our provenance tags, is live",
    },
    freshImportRetryOrphan: {
        id: "B2",
        observed: "succeeded, but the ARN of the first attempt (applied, answer lost, retried by the SDK) stays behind with our serial and provenance tags: 2 ARNs, 1 in state",
    },
    killedFreshImportOrphan: {
        id: "B2",
        observed: "the repeated create imports a second ARN; the killed run's ARN (our serial and provenance tags) is left behind: 2 ARNs, 1 in state",
    },
    notAppliedFreshImportRecorded: {
        id: "B3",
        observed:
            "rollback_failed: verify gets ResourceNotFoundException for the acknowledged ARN, cleanup's DeleteCertificate gets it too and counts that as a failed cleanup, so state records an ARN that does not exist",
    },
    ambiguousRestoreReportedFailed: {
        id: "B4",
        observed:
            "rollback_failed (`Rollback failed: serial <old> is live`) although the old certificate is live again: a restore whose answer was lost is not checked against state",
    },
    failedKeyVaultCreateReportsRollbackFailed: {
        id: "B5",
        observed:
            'rollback_failed (`Rollback failed: the live certificate could not be read`) and certdeploy_deploy_rollback_total{outcome="also_failed"} although nothing was imported and nothing is left',
    },
} satisfies Record<string, KnownBug>;
