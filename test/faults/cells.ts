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
import type { FaultSpec as AcmFaultSpec } from "../../testing/acm";
import type { FaultSpec as KeyVaultFaultSpec } from "../../testing/keyvault";
import type { Variant } from "./material";

export type Target = "acm" | "keyvault";
/**
 * rotate: an existing resource gets a new certificate; create: a new resource;
 * pinned create: a new resource adopting an ARN imported outside certdeploy (`certificateArn`).
 */
export type Flow = "rotate" | "create" | "pinned create";
export type Step =
    "snapshot" | "import" | "tag" | "verify" | "rollback import" | "rollback verify" | "rollback tags" | "cleanup";
/** The attempt's result as the audit log and the attempts counter record it. */
export type Outcome = "succeeded" | "rolled_back" | "rollback_failed" | "aborted";
/**
 * Which certificate is live at the end, by full identity (leaf fingerprint and chain): the one state held
 * before (old; for a pinned create, the original), the one deployed (new), or nothing.
 */
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
    /** How the deployed certificate relates to the live one; default a new leaf with its own serial. */
    variant?: Variant;
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

/**
 * Provider bugs this matrix found, each fixed and now an ordinary row: B1 a killed
 * rotation refused as drift on retry; B2 orphan ARNs from a retried or repeated
 * fresh import; B3 a never-created ARN recorded after cleanup; B4 a restore whose
 * answer was lost reported as failed; B5 a Key Vault create that left nothing
 * reported as rollback_failed. A new bug is added here and marked on its rows.
 */
export const BUGS: Record<string, KnownBug> = {};
