import type { AcmOperation } from "./operations";
import type { FaultHandle, FaultKind, FaultSpec } from "./types";

/** A fault as it fires on one call. */
export interface FiringFault {
    kind: Exclude<FaultKind, "latency">;
    applied: boolean;
}

interface ArmedFault {
    spec: FaultSpec;
    skipRemaining: number;
    hitsRemaining: number;
    hits: number;
}

const ONLY_FOR: Partial<Record<FaultKind, AcmOperation>> = {
    ackNotApplied: "ImportCertificate",
    staleDescribe: "DescribeCertificate",
    staleGet: "GetCertificate",
};

function checkSpec(spec: FaultSpec): void {
    const only = ONLY_FOR[spec.kind];
    if (only !== undefined && spec.operation !== only) throw new Error(`fault ${spec.kind} applies to ${only} only`);
    if (spec.applied === true && spec.kind !== "reset" && spec.kind !== "internal") {
        throw new Error("applied is meaningful for reset and internal faults only");
    }
    const times = spec.times ?? 1;
    if (!(times >= 1)) throw new Error("times must be at least 1");
    if (!Number.isInteger(spec.afterCalls ?? 0) || (spec.afterCalls ?? 0) < 0)
        throw new Error("afterCalls must be a whole number");
}

/** Injected faults in injection order; each counts the calls of its operation from the moment it was injected. */
export class FaultInjector {
    private armed: ArmedFault[] = [];

    inject(spec: FaultSpec): FaultHandle {
        checkSpec(spec);
        const fault: ArmedFault = {
            spec,
            skipRemaining: spec.afterCalls ?? 0,
            hitsRemaining: spec.times ?? 1,
            hits: 0,
        };
        this.armed.push(fault);
        const remove = (): void => {
            this.armed = this.armed.filter((candidate) => candidate !== fault);
        };
        return {
            get hits() {
                return fault.hits;
            },
            get exhausted() {
                return fault.hitsRemaining <= 0;
            },
            remove,
        };
    }

    clear(): void {
        this.armed = [];
    }

    /**
     * One call of `operation`: every latency fault due adds its delay; the first other fault due fires.
     * Faults not due only count the call toward their `afterCalls`.
     */
    next(operation: AcmOperation): { latencyMs: number; firing: FiringFault | undefined } {
        let latencyMs = 0;
        let firing: FiringFault | undefined;
        for (const fault of this.armed) {
            if (fault.spec.operation !== "*" && fault.spec.operation !== operation) continue;
            if (fault.skipRemaining > 0) {
                fault.skipRemaining -= 1;
                continue;
            }
            if (fault.hitsRemaining <= 0) continue;
            const kind = fault.spec.kind;
            if (kind === "latency") {
                latencyMs += fault.spec.latencyMs ?? 1000;
            } else if (firing === undefined) {
                firing = { kind, applied: fault.spec.applied ?? false };
            } else {
                continue;
            }
            fault.hitsRemaining -= 1;
            fault.hits += 1;
        }
        return { latencyMs, firing };
    }
}
