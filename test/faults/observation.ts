/**
 * What one matrix cell ended with, read from the emulator (live), the engine's
 * state and the audit log, and the invariants every cell must keep whatever
 * its fault: no unknown certificate live, state equal to what is live, no
 * leftover ARN or pending operation, provenance tags on what is live.
 */
import * as fs from "node:fs";
import type { OperationResult } from "../harness/engine";
import type { TestStack } from "../e2e/stack";
import type { Cell, Live, Outcome } from "./cells";
import { stateIdentity, TestIdentity } from "../e2e/live-identity";
import { sameIdentity } from "./material";

export interface Observation {
    /** The last attempt's result in the audit log; "none" when no attempt was recorded. */
    outcome: Outcome | "none";
    /** "unknown": a certificate that is neither the old nor the new one. */
    live: Live | "unknown";
    /** ARNs (ACM) or versions (Key Vault) the cell added. */
    added: number;
    stateMatchesLive: boolean;
    /** Invariant violations, empty when the cell kept them all. */
    violations: string[];
    /** Oddities that break no invariant (shown in the document). */
    notes: string[];
    /** The final `pulumi up`'s errors, for the failure message. */
    errors: string;
    /** Kill cells: the pending operation the engine held while the host died. */
    pendingWhenKilled?: string;
}

export interface Before {
    auditLines: number;
    /** JSON of lastDeployment in state before the cell (rotate only). */
    lastDeployment?: string;
}

export function auditResults(stack: TestStack): string[] {
    if (!fs.existsSync(stack.auditFile)) return [];
    return fs
        .readFileSync(stack.auditFile, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => String((JSON.parse(l) as { result?: unknown }).result));
}

export function lastOutcome(stack: TestStack, before: Before): Outcome | "none" {
    const lines = auditResults(stack).slice(before.auditLines);
    return (lines.at(-1) as Outcome | undefined) ?? "none";
}

export function hasResource(stack: TestStack, name: string): boolean {
    return stack.engine.state.resources.some((r) => r.urn.endsWith(`::${name}`));
}

/** Invariants about the engine side: result, pending operations, lastDeployment. */
export function engineViolations(
    stack: TestStack,
    name: string,
    result: OperationResult,
    outcome: Outcome | "none",
    before: Before,
): string[] {
    const v: string[] = [];
    if (result.ok !== (outcome === "succeeded")) v.push(`up ok=${result.ok} but the outcome is ${outcome}`);
    if (stack.engine.state.pending_operations.length > 0) v.push("the engine still holds a pending operation");
    if (!hasResource(stack, name)) return v;
    const deployment = JSON.stringify(stack.outputs(name).lastDeployment);
    const recorded = (stack.outputs(name).lastDeployment as { result?: string } | undefined)?.result;
    if (outcome === "aborted") {
        if (before.lastDeployment !== undefined && deployment !== before.lastDeployment)
            v.push("an aborted attempt changed lastDeployment");
    } else if (recorded !== outcome) {
        v.push(`lastDeployment.result is ${recorded} but the attempt was ${outcome}`);
    }
    return v;
}

/** Provenance on what is live; with `claim` (state's ownershipClaim), the live claim tag must be that instance's. */
export function tagViolations(tags: Record<string, string>, certificateId: string, claim?: unknown): string[] {
    const want: Record<string, string> = {
        env: "production",
        "certdeploy-managed-by": "certdeploy",
        "certdeploy-certificate-id": certificateId,
    };
    if (typeof claim === "string") want["certdeploy-claim"] = claim;
    return Object.entries(want)
        .filter(([k, value]) => tags[k] !== value)
        .map(([k]) => `live tag ${k} is ${tags[k] ?? "missing"}`);
}

/** What the emulator serves: identity (leaf and chain), tags, and for Key Vault the latest version id. */
export interface LiveTruth {
    identity: TestIdentity;
    tags: Record<string, string>;
    version?: string;
}

/**
 * State equals what is live, by full identity: the certificate in state (its PEM and its fingerprintSha256
 * output alike), its chain, its user tags; for Key Vault also the version it names and its thumbprint.
 */
export function stateTruthViolations(
    state: Record<string, unknown> | undefined,
    live: LiveTruth | undefined,
): string[] {
    if (!state) return live ? ["state is empty but a certificate is live"] : [];
    if (!live) return ["state records a certificate but nothing is live"];
    const v: string[] = [];
    const recorded = stateIdentity(state);
    if (!recorded.fingerprintAgrees) v.push("state contradicts itself: fingerprintSha256 is not certificatePem's");
    if (recorded.leaf !== live.identity.leaf)
        v.push(`state leaf ${recorded.leaf.slice(0, 16)}… but ${live.identity.leaf.slice(0, 16)}… is live`);
    else if (!sameIdentity(recorded, live.identity))
        v.push(
            `state chain (${recorded.chain.length} certificates) differs from the live chain (${live.identity.chain.length})`,
        );
    const liveUserTags = Object.fromEntries(Object.entries(live.tags).filter(([k]) => !k.startsWith("certdeploy-")));
    const stateTags = (state.tags as Record<string, string> | undefined) ?? {};
    if (JSON.stringify(Object.entries(stateTags).sort()) !== JSON.stringify(Object.entries(liveUserTags).sort())) {
        v.push(`state tags ${JSON.stringify(stateTags)} but live tags ${JSON.stringify(liveUserTags)}`);
    }
    if (live.version !== undefined && state.version !== live.version)
        v.push(`state names version ${String(state.version)}, latest is ${live.version}`);
    return v;
}

/** Kill cells: the engine held the operation as pending while the host died, and the call failed as UNAVAILABLE. */
export function killViolations(
    cell: Cell,
    deployed: { pendingWhenKilled?: string; killedErrorCode?: number },
): string[] {
    if (cell.killDuring === undefined) return [];
    const v: string[] = [];
    const pending = cell.flow === "rotate" ? "updating" : "creating";
    if (deployed.pendingWhenKilled !== pending)
        v.push(`pending operation while killed was "${deployed.pendingWhenKilled}", expected "${pending}"`);
    if (deployed.killedErrorCode !== 14)
        v.push(`the killed call failed with gRPC status ${deployed.killedErrorCode}, expected 14 (UNAVAILABLE)`);
    return v;
}

/** Compares an observation with the cell's expectation; returns the differences. */
export function mismatches(cell: Cell, seen: Observation): string[] {
    const out = [...seen.violations];
    if (seen.outcome !== cell.expect.outcome) out.push(`outcome ${seen.outcome}, expected ${cell.expect.outcome}`);
    if (seen.live !== cell.expect.live) out.push(`live ${seen.live}, expected ${cell.expect.live}`);
    const added = cell.target === "acm" ? cell.expect.newArns : cell.expect.newVersions;
    if (added !== undefined && seen.added !== added)
        out.push(`${cell.target === "acm" ? "ARNs" : "versions"} added ${seen.added}, expected ${added}`);
    return out;
}
