/**
 * During `pulumi preview` an input that depends on another resource's output is
 * not known yet; the engine sends this sentinel in its place. Unknown is never an error.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const isUnknown = (value: unknown): boolean =>
    value === UNKNOWN ||
    (Array.isArray(value) && value.some(isUnknown)) ||
    (typeof value === "object" && value !== null && Object.values(value).some(isUnknown));

/** Drops properties whose value is (or contains) unknown; returns the names dropped. */
export function withoutUnknowns(props: Record<string, unknown>): { known: Record<string, unknown>; unknown: string[] } {
    const known: Record<string, unknown> = {};
    const unknown: string[] = [];
    for (const [k, v] of Object.entries(props)) {
        if (isUnknown(v)) unknown.push(k);
        else known[k] = v;
    }
    return { known, unknown };
}
