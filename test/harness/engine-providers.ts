/**
 * The providers the harness engine drives, behind one interface that takes
 * and returns property maps in wire form (secrets enveloped):
 *
 * - `DynamicProvider`: the real dynamic-provider host (host.ts). It answers
 *   acceptSecrets=false, so, as the engine's provider plugin does
 *   (sdk/go/common/resource/plugin/provider_plugin.go: removeSecrets before
 *   the call, annotateSecrets after), secrets go out in plain form and
 *   outputs come back re-marked from their same-named inputs.
 * - `StandInProvider`: the package providers the harness does not run
 *   (`aws`, `azure-native`, …): it records every call and answers inputs plus
 *   a generated id, so a test can assert what a consumer received.
 */
import { randomUUID } from "node:crypto";
import type { CheckFailure, DiffResult, ProviderHost } from "./host";
import { ProviderCallError } from "./provider-error";
import { annotateSecrets, changedKeys, removeSecretsFromMap, type PropertyMap } from "./wire";

export interface CheckAnswer {
    inputs: PropertyMap;
    failures: CheckFailure[];
}

export interface EngineProvider {
    readonly name: string;
    check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckAnswer>;
    diff(
        urn: string,
        id: string,
        oldInputs: PropertyMap,
        oldOutputs: PropertyMap,
        newInputs: PropertyMap,
        ignoreChanges: string[],
    ): Promise<DiffResult>;
    create(urn: string, inputs: PropertyMap, timeoutSeconds: number): Promise<{ id: string; outputs: PropertyMap }>;
    read(
        urn: string,
        id: string,
        inputs: PropertyMap,
        outputs: PropertyMap,
    ): Promise<{ id: string; outputs: PropertyMap; inputs?: PropertyMap }>;
    update(
        urn: string,
        id: string,
        oldInputs: PropertyMap,
        oldOutputs: PropertyMap,
        newInputs: PropertyMap,
        timeoutSeconds: number,
        ignoreChanges: string[],
    ): Promise<PropertyMap>;
    delete(urn: string, id: string, inputs: PropertyMap, outputs: PropertyMap, timeoutSeconds: number): Promise<void>;
}

/**
 * A provider call that failed but left a resource behind (ErrorResourceInitFailed):
 * the partial outputs, already re-marked, and the reasons.
 */
export class PartialFailure extends Error {
    constructor(
        override readonly cause: ProviderCallError,
        readonly id: string,
        readonly outputs: PropertyMap,
        readonly reasons: string[],
    ) {
        super(cause.details);
        this.name = "PartialFailure";
    }
}

/** DIFF_UNKNOWN: the engine compares old inputs with the new ones (pkg/resource/deploy/step_generator.go, diffResource). */
export function resolveUnknownDiff(diff: DiffResult, oldInputs: PropertyMap, newInputs: PropertyMap): DiffResult {
    if (diff.changes !== "unknown") return diff;
    const keys = changedKeys(oldInputs, newInputs);
    return { ...diff, changes: keys.length > 0 ? "some" : "none", diffs: keys };
}

const plain = removeSecretsFromMap;

export class DynamicProvider implements EngineProvider {
    readonly name = "pulumi-nodejs (dynamic-provider host)";
    constructor(readonly host: ProviderHost) {}

    async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckAnswer> {
        const answer = await this.host.check(urn, plain(olds), plain(news));
        return { inputs: annotateSecrets(answer.inputs, news), failures: answer.failures };
    }

    async diff(
        urn: string,
        id: string,
        oldInputs: PropertyMap,
        oldOutputs: PropertyMap,
        newInputs: PropertyMap,
        ignoreChanges: string[],
    ): Promise<DiffResult> {
        const diff = await this.host.diff(
            id,
            urn,
            plain(oldOutputs),
            plain(newInputs),
            plain(oldInputs),
            ignoreChanges,
        );
        return resolveUnknownDiff(diff, oldInputs, newInputs);
    }

    async create(
        urn: string,
        inputs: PropertyMap,
        timeoutSeconds: number,
    ): Promise<{ id: string; outputs: PropertyMap }> {
        const created = await this.host
            .create(urn, plain(inputs), false, timeoutSeconds)
            .catch((e: unknown) => this.partial(e, inputs));
        return { id: created.id, outputs: annotateSecrets(created.properties, inputs) };
    }

    async read(
        urn: string,
        id: string,
        inputs: PropertyMap,
        outputs: PropertyMap,
    ): Promise<{ id: string; outputs: PropertyMap; inputs?: PropertyMap }> {
        const read = await this.host
            .read(id, urn, plain(outputs), plain(inputs))
            .catch((e: unknown) => this.partial(e, outputs));
        const answer: { id: string; outputs: PropertyMap; inputs?: PropertyMap } = {
            id: read.id,
            outputs: annotateSecrets(read.properties, outputs),
        };
        if (read.inputs) answer.inputs = annotateSecrets(read.inputs, inputs);
        return answer;
    }

    async update(
        urn: string,
        id: string,
        oldInputs: PropertyMap,
        oldOutputs: PropertyMap,
        newInputs: PropertyMap,
        timeoutSeconds: number,
        ignoreChanges: string[],
    ): Promise<PropertyMap> {
        const options = { timeoutSeconds, ignoreChanges };
        const updated = await this.host
            .update(id, urn, plain(oldOutputs), plain(newInputs), false, plain(oldInputs), options)
            .catch((e: unknown) => this.partial(e, newInputs));
        return annotateSecrets(updated.properties, newInputs);
    }

    delete(urn: string, id: string, inputs: PropertyMap, outputs: PropertyMap, timeoutSeconds: number): Promise<void> {
        return this.host.delete(id, urn, plain(outputs), plain(inputs), timeoutSeconds);
    }

    private partial(e: unknown, inputs: PropertyMap): never {
        const init = ProviderCallError.isInstance(e) ? e.initFailure : undefined;
        if (ProviderCallError.isInstance(e) && init)
            throw new PartialFailure(e, init.id, annotateSecrets(init.properties, inputs), init.reasons);
        throw e;
    }
}

export interface StandInRecord {
    op: "check" | "diff" | "create" | "read" | "update" | "delete";
    urn: string;
    type: string;
    name: string;
    id: string;
    /** What the provider received (new inputs for create/update, state inputs otherwise), wire form. */
    inputs: PropertyMap;
    /** The request's timeout in seconds (create, update, delete; 0: none), from customTimeouts. */
    timeoutSeconds?: number;
    /** When the call arrived (ms since the epoch), to order it against a cloud emulator's call log. */
    at: number;
    /** The error the call answered with, when a fault made it fail. */
    failed?: string;
}

/** Outputs a stand-in adds to its inputs, per resource (e.g. an identity's principalId). */
export type StandInOutputs = (resource: {
    type: string;
    name: string;
    id: string;
    inputs: PropertyMap;
}) => PropertyMap | undefined;

/**
 * A failure a stand-in's write answers with, as the real provider would (e.g. a listener that refuses the new
 * certificate): the message to fail with, or undefined to succeed. The call is recorded either way.
 */
export type StandInFaults = (call: {
    op: "create" | "update" | "delete";
    type: string;
    name: string;
    inputs: PropertyMap;
}) => string | undefined;

function typeAndName(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const qualified = parts[2] ?? "";
    return { type: qualified.split("$").pop() ?? qualified, name: parts.slice(3).join("::") };
}

export class StandInProvider implements EngineProvider {
    readonly name = "stand-in (recording)";
    readonly records: StandInRecord[] = [];

    constructor(
        private readonly extraOutputs?: StandInOutputs,
        private readonly faults?: StandInFaults,
    ) {}

    /** Every call made for resources named `name` (and of `type`, if given). */
    callsFor(name: string, type?: string): StandInRecord[] {
        return this.records.filter((r) => r.name === name && (type === undefined || r.type === type));
    }

    check(urn: string, _olds: PropertyMap, news: PropertyMap): Promise<CheckAnswer> {
        this.record("check", urn, "", news);
        return Promise.resolve({ inputs: news, failures: [] });
    }

    diff(
        urn: string,
        id: string,
        oldInputs: PropertyMap,
        _oldOutputs: PropertyMap,
        newInputs: PropertyMap,
    ): Promise<DiffResult> {
        this.record("diff", urn, id, newInputs);
        const diffs = changedKeys(oldInputs, newInputs);
        return Promise.resolve({
            changes: diffs.length > 0 ? "some" : "none",
            replaces: [],
            stables: [],
            diffs,
            deleteBeforeReplace: false,
        });
    }

    create(urn: string, inputs: PropertyMap, timeoutSeconds: number): Promise<{ id: string; outputs: PropertyMap }> {
        const { type, name } = typeAndName(urn);
        const id = `${name}-${randomUUID().slice(0, 8)}`;
        this.record("create", urn, id, inputs, timeoutSeconds);
        this.failIfFaulted("create", type, name, inputs);
        return Promise.resolve({ id, outputs: { ...inputs, ...this.extraOutputs?.({ type, name, id, inputs }) } });
    }

    read(
        urn: string,
        id: string,
        inputs: PropertyMap,
        outputs: PropertyMap,
    ): Promise<{ id: string; outputs: PropertyMap }> {
        this.record("read", urn, id, inputs);
        return Promise.resolve({ id, outputs });
    }

    update(
        urn: string,
        id: string,
        _oldInputs: PropertyMap,
        oldOutputs: PropertyMap,
        newInputs: PropertyMap,
        timeoutSeconds: number,
    ): Promise<PropertyMap> {
        const { type, name } = typeAndName(urn);
        this.record("update", urn, id, newInputs, timeoutSeconds);
        this.failIfFaulted("update", type, name, newInputs);
        return Promise.resolve({
            ...oldOutputs,
            ...newInputs,
            ...this.extraOutputs?.({ type, name, id, inputs: newInputs }),
        });
    }

    delete(urn: string, id: string, inputs: PropertyMap, _outputs: PropertyMap, timeoutSeconds: number): Promise<void> {
        this.record("delete", urn, id, inputs, timeoutSeconds);
        this.failIfFaulted("delete", typeAndName(urn).type, typeAndName(urn).name, inputs);
        return Promise.resolve();
    }

    /** Throws (the call fails, nothing is written) when a fault names this call; the record says so. */
    private failIfFaulted(op: "create" | "update" | "delete", type: string, name: string, inputs: PropertyMap): void {
        const failure = this.faults?.({ op, type, name, inputs });
        if (failure === undefined) return;
        this.records[this.records.length - 1].failed = failure;
        throw new Error(failure);
    }

    private record(
        op: StandInRecord["op"],
        urn: string,
        id: string,
        inputs: PropertyMap,
        timeoutSeconds?: number,
    ): void {
        this.records.push({
            op,
            urn,
            ...typeAndName(urn),
            id,
            inputs: structuredClone(inputs),
            ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
            at: Date.now(),
        });
    }
}
