/**
 * The detailed diff a native provider owes the engine so that
 * `pulumi preview --diff` can say which property changes and which one forces a
 * replacement (pulumirpc.PropertyDiff; the dynamic-provider host sends none).
 */
export type PropertyDiffKind = "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

export interface DetailedDiff {
    /** Changed top-level input names, sorted. */
    diffs: string[];
    detailedDiff: Record<string, PropertyDiffKind>;
}

const isAbsent = (v: unknown): boolean => v === undefined || v === null;

/** One entry per changed input: added, removed or updated, `-replace` when it is among `replaces`. */
export function detailedDiff(
    changed: readonly string[],
    replaces: readonly string[],
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): DetailedDiff {
    const detailed: Record<string, PropertyDiffKind> = {};
    for (const key of [...changed].sort()) {
        let kind: "add" | "delete" | "update" = "update";
        if (isAbsent(olds[key])) kind = "add";
        else if (isAbsent(news[key])) kind = "delete";
        detailed[key] = replaces.includes(key) ? `${kind}-replace` : kind;
    }
    return { diffs: Object.keys(detailed), detailedDiff: detailed };
}
