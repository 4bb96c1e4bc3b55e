/**
 * The stack state the mini engine keeps: the shape of a Pulumi checkpoint's
 * resources (field names as in `pulumi stack export`), with secrets in the
 * wire envelope `{"4dabf1…": "1b4706…", "value": …}` — unencrypted, so a
 * test can read it, and grep it to prove which values were marked secret.
 */
import * as fs from "node:fs";
import type { CustomTimeouts } from "./goal";
import type { PropertyMap } from "./wire";

export interface ResourceState {
    urn: string;
    type: string;
    /** false for component resources and the stack (no provider, no id). */
    custom: boolean;
    /** Physical id from the provider ("" for components). */
    id: string;
    /** Checked inputs (Check's result), secrets re-marked; includes `__provider`. */
    inputs: PropertyMap;
    /** Provider outputs, secrets re-marked; includes `__provider`. */
    outputs: PropertyMap;
    additionalSecretOutputs?: string[];
    /** Reasons from an ErrorResourceInitFailed: the resource exists but failed to initialize. */
    initErrors?: string[];
    /** Replaced by a create-before-delete replacement and waiting to be deleted. */
    delete?: boolean;
    /** Deleted by a delete-before-replace whose replacement does not exist yet (step.go, DeleteStep). */
    pendingReplacement?: boolean;
    dependencies?: string[];
    parent?: string;
    protect?: boolean;
    retainOnDelete?: boolean;
    customTimeouts?: CustomTimeouts;
}

export interface PendingOperation {
    resource: ResourceState;
    type: "creating" | "updating" | "deleting";
}

export interface EngineState {
    resources: ResourceState[];
    /** Operations begun but not finished; non-empty only while a call is in flight. */
    pending_operations: PendingOperation[];
}

export function emptyState(): EngineState {
    return { resources: [], pending_operations: [] };
}

export function cloneState(state: EngineState): EngineState {
    return structuredClone(state);
}

/** Writes atomically (temp file + rename), like a checkpoint save. */
export function saveState(file: string, state: EngineState): void {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + "\n");
    fs.renameSync(tmp, file);
}

export function loadState(file: string): EngineState {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<EngineState>;
    return { resources: parsed.resources ?? [], pending_operations: parsed.pending_operations ?? [] };
}

/**
 * The engine's working copy of the state. Every change is persisted at once
 * when a path is given, so a test can inspect the checkpoint mid-operation.
 */
export class StateStore {
    private state: EngineState;

    constructor(
        initial: EngineState | undefined,
        private readonly path?: string,
    ) {
        this.state = cloneState(initial ?? emptyState());
    }

    snapshot(): EngineState {
        return cloneState(this.state);
    }

    get resources(): readonly ResourceState[] {
        return this.state.resources;
    }

    /** The live (not condemned) entry for a URN. */
    live(urn: string): ResourceState | undefined {
        return this.state.resources.find((r) => r.urn === urn && !r.delete);
    }

    /** Replaced entries, and entries whose URN is not in `keep`. */
    condemned(keep: ReadonlySet<string>): ResourceState[] {
        return this.state.resources.filter((r) => r.delete || !keep.has(r.urn));
    }

    /** Adds an entry; a create-before-delete replacement goes right after the entry it replaces, which is condemned. */
    insert(res: ResourceState, replacing?: ResourceState): void {
        const index = replacing ? this.state.resources.indexOf(replacing) : -1;
        if (replacing && index >= 0) this.state.resources.splice(index, 1, { ...replacing, delete: true }, res);
        else this.state.resources.push(res);
        this.persist();
    }

    /** Changes one entry in place (e.g. marks it pending replacement). */
    mark(res: ResourceState, change: Partial<ResourceState>): ResourceState {
        const next = { ...res, ...change };
        this.replace(res, next);
        return next;
    }

    replace(old: ResourceState, next: ResourceState): void {
        const index = this.state.resources.indexOf(old);
        if (index >= 0) this.state.resources[index] = next;
        else this.state.resources.push(next);
        this.persist();
    }

    remove(res: ResourceState): void {
        this.state.resources = this.state.resources.filter((r) => r !== res);
        this.persist();
    }

    /** Records a pending operation for the duration of a provider call, as the snapshot manager does. */
    async pending<T>(op: PendingOperation, call: () => Promise<T>): Promise<T> {
        this.state.pending_operations.push(op);
        this.persist();
        try {
            return await call();
        } finally {
            this.state.pending_operations = this.state.pending_operations.filter((p) => p !== op);
            this.persist();
        }
    }

    private persist(): void {
        if (this.path) saveState(this.path, this.state);
    }
}
