/**
 * The engine's decision for one registered resource: Check, then Diff against
 * the previous state, then which step follows. Shared by preview and up; no
 * Create/Update/Delete happens here.
 */
import type { CheckFailure, DiffResult, ProviderHost } from "./host";
import type { RegisteredResource } from "./program";
import type { ResourceState } from "./engine-state";
import { annotateSecrets, changedKeys, containsUnknowns, removeSecretsFromMap, type PropertyMap } from "./wire";

export type PlannedOp = "create" | "update" | "same" | "replace";

export interface ResourcePlan {
    op: PlannedOp;
    /** Check's inputs with secrets re-marked from the program's inputs (what state will hold). */
    checked: PropertyMap;
    failures: CheckFailure[];
    /** The diff after the engine's own rules (DIFF_UNKNOWN replaced by an input comparison). */
    diff?: DiffResult;
    deleteBeforeReplace: boolean;
}

/**
 * @param allowUnknowns preview: unknown inputs go to the provider as the
 *   sentinel string; otherwise an unknown input is an error, as in the engine.
 */
export async function planResource(
    host: Pick<ProviderHost, "check" | "diff">,
    reg: RegisteredResource,
    old: ResourceState | undefined,
    allowUnknowns: boolean,
): Promise<ResourcePlan> {
    if (!allowUnknowns && containsUnknowns(reg.inputs)) {
        throw new Error(`${reg.urn}: inputs are unknown (${reg.unknownInputs.join(", ")}); run the program without preview`);
    }
    // acceptSecrets=false: olds and news travel in plain form.
    const olds = old ? removeSecretsFromMap(old.inputs) : {};
    const check = await host.check(reg.urn, olds, removeSecretsFromMap(reg.inputs));
    const checked = annotateSecrets(check.inputs, reg.inputs);
    const deleteBeforeReplace = reg.deleteBeforeReplace;
    if (check.failures.length > 0) return { op: old ? "update" : "create", checked, failures: check.failures, deleteBeforeReplace };
    if (!old) return { op: "create", checked, failures: [], deleteBeforeReplace };

    const raw = await host.diff(old.id, reg.urn, removeSecretsFromMap(old.outputs), removeSecretsFromMap(checked), removeSecretsFromMap(old.inputs));
    const diff = withEngineFallback(raw, old.inputs, checked);
    const replace = diff.changes === "some" && diff.replaces.length > 0;
    let op: PlannedOp = "same";
    if (replace) op = "replace";
    else if (diff.changes === "some") op = "update";
    // A resource that failed to initialize is updated even without changes.
    else if ((old.initErrors ?? []).length > 0) op = "update";
    return { op, checked, failures: [], diff, deleteBeforeReplace: deleteBeforeReplace || diff.deleteBeforeReplace };
}

/** DIFF_UNKNOWN (no diff method, or `changes` left undefined): the engine compares old and new inputs. */
function withEngineFallback(diff: DiffResult, oldInputs: PropertyMap, newInputs: PropertyMap): DiffResult {
    if (diff.changes !== "unknown") return diff;
    const keys = changedKeys(oldInputs, newInputs);
    return { ...diff, changes: keys.length > 0 ? "some" : "none", diffs: keys };
}
