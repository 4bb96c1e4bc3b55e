/**
 * Fault injection by REST operation.
 *
 *   kv.injectFault({ operation: "import", kind: "internal", afterCalls: 1 })
 *   // the 1st import succeeds, the 2nd answers 500, later ones succeed again
 *
 * Each fault watches every authenticated call of its operation from the
 * moment it is injected: it lets the first `afterCalls` pass, then fires on
 * the next `times` calls (default 1; use Infinity for "from now on").
 * Latency faults add up and never stop the request; of the other kinds the
 * earliest-injected eligible fault fires, and only it consumes a `times`.
 */

export type KeyVaultOperation =
    | "import"
    | "getCertificate"
    | "getVersion"
    | "listVersions"
    | "update"
    | "delete"
    | "getDeleted"
    | "purge"
    | "recover"
    | "getSecret"
    | "getPolicy"
    | "listCertificates"
    | "listDeleted";

export const KEY_VAULT_OPERATIONS: readonly KeyVaultOperation[] = [
    "import",
    "getCertificate",
    "getVersion",
    "listVersions",
    "update",
    "delete",
    "getDeleted",
    "purge",
    "recover",
    "getSecret",
    "getPolicy",
    "listCertificates",
    "listDeleted",
];

/**
 * - throttle: 429 + Retry-After (`retryAfterSeconds`, default 1)
 * - internal: 500 InternalServerError
 * - latency: wait `latencyMs` (default 1000) then serve normally
 * - reset: destroy the connection without answering
 * - forbidden: 403 ForbiddenByRbac for the operation's data action, whoever calls
 * - ackNotLatest: (import only) store the import and answer 200 with it, but
 *   another writer's version lands right after, so `latest` is not the import
 * - staleRead: (getCertificate only) answer with the version before the latest,
 *   as a read served before the last write propagated would
 */
export type FaultKind = "throttle" | "internal" | "latency" | "reset" | "forbidden" | "ackNotLatest" | "staleRead";

export interface FaultSpec {
    operation: KeyVaultOperation;
    kind: FaultKind;
    times?: number;
    afterCalls?: number;
    retryAfterSeconds?: number;
    latencyMs?: number;
}

interface ActiveFault {
    spec: FaultSpec;
    seen: number;
    fired: number;
}

export interface FaultDecision {
    delayMs: number;
    /** The terminal fault to apply, if any (never "latency"). */
    fault?: FaultSpec;
}

export class FaultInjector {
    private faults: ActiveFault[] = [];

    inject(spec: FaultSpec): void {
        if (spec.kind === "ackNotLatest" && spec.operation !== "import") {
            throw new Error("ackNotLatest applies to the import operation only");
        }
        if (spec.kind === "staleRead" && spec.operation !== "getCertificate") {
            throw new Error("staleRead applies to the getCertificate operation only");
        }
        this.faults.push({ spec: { ...spec }, seen: 0, fired: 0 });
    }

    clear(): void {
        this.faults = [];
    }

    /** Called once per authenticated call of `operation`. */
    decide(operation: KeyVaultOperation): FaultDecision {
        let delayMs = 0;
        let chosen: ActiveFault | undefined;
        for (const active of this.faults) {
            if (active.spec.operation !== operation) continue;
            active.seen += 1;
            const eligible = active.seen > (active.spec.afterCalls ?? 0) && active.fired < (active.spec.times ?? 1);
            if (!eligible) continue;
            if (active.spec.kind === "latency") {
                active.fired += 1;
                delayMs += active.spec.latencyMs ?? 1000;
            } else if (!chosen) {
                chosen = active;
            }
        }
        if (chosen) chosen.fired += 1;
        this.faults = this.faults.filter((f) => f.fired < (f.spec.times ?? 1));
        return { delayMs, fault: chosen?.spec };
    }

    pending(): FaultSpec[] {
        return this.faults.map((f) => ({ ...f.spec }));
    }
}
