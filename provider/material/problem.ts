/** A finding about an input: the property it belongs to and what to do about it. Never holds input values. */
export interface Problem {
    property: string;
    reason: string;
    severity: "error" | "warning";
}

export const error = (property: string, reason: string): Problem => ({ property, reason, severity: "error" });
export const warning = (property: string, reason: string): Problem => ({ property, reason, severity: "warning" });
export const errorsOf = (problems: readonly Problem[]): Problem[] => problems.filter((p) => p.severity === "error");
