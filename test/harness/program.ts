/**
 * Runs a real Pulumi program in-process under `pulumi.runtime.setMocks` and
 * records what each resource registration put on the wire: the request the
 * language SDK would send to the engine's resource monitor, before any mock
 * deserialization. That is where secretness (envelopes) and unknowns
 * (preview sentinel) are still visible, and where the serialized dynamic
 * provider (`__provider`) sits as a plain string.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type { RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import {
    isSecret,
    markAdditionalSecrets,
    removeSecrets,
    secretKeys,
    toPropertyMap,
    unknownKeys,
    UNKNOWN,
    type JsonValue,
    type PropertyMap,
} from "./wire";

export interface RegisteredResource {
    /** Type token, e.g. `pulumi-nodejs:dynamic/certdeploy:AcmCertificate`. */
    type: string;
    name: string;
    urn: string;
    /** false for component resources (the engine has no provider to call for them). */
    custom: boolean;
    /** Inputs in wire form: secrets as envelopes, unknowns as the sentinel, `__provider` included. */
    inputs: PropertyMap;
    /** Top-level input names that contain a secret (`pulumi.secret(...)`, or a secret output). */
    secretInputs: string[];
    /** Top-level input names that contain an unknown (only in preview). */
    unknownInputs: string[];
    additionalSecretOutputs: string[];
    deleteBeforeReplace: boolean;
    /** URNs this resource depends on. */
    dependencies: string[];
    parent: string;
    /** The serialized provider module text (`__provider` without a secret envelope); "" if absent. */
    providerSource: string;
    /** true when `__provider` itself was serialized as a secret (the closure captured a secret). */
    providerIsSecret: boolean;
}

export interface ProgramOptions {
    project: string;
    stack: string;
    /** Run as `pulumi preview` would: resource outputs that the mock does not supply are unknown. */
    preview?: boolean;
    /**
     * Output values the mock returns for a resource, in addition to its inputs
     * (non-preview runs only; e.g. `{ arn: "arn:aws:acm:..." }` so dependants see a value).
     */
    mockOutputs?: (resource: { type: string; name: string }) => Record<string, unknown> | undefined;
}

type Callback = (err: unknown, resp?: RegisterResourceResponse) => void;

/**
 * Wraps the MockMonitor that setMocks installed so that each raw
 * RegisterResourceRequest is recorded before the mock deserializes it.
 * (Installing a subclass through setMockOptions instead would reset the
 * runtime's secret/reference feature flags that setMocks just turned on.)
 */
function recordRegistrations(monitor: MockMonitor): RegisteredResource[] {
    const registrations: RegisteredResource[] = [];
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: RegisterResourceRequest, callback: Callback): Promise<void> => {
        const record = describeRequest(req);
        return original(req, (err: unknown, resp?: RegisterResourceResponse) => {
            if (!err && resp) {
                registrations.push({ ...record, urn: resp.getUrn() });
                markSecretOutputs(resp, record.additionalSecretOutputs);
            }
            callback(err, resp);
        });
    };
    return registrations;
}

/** As the engine does before answering the program: additionalSecretOutputs come back secret. */
function markSecretOutputs(resp: RegisterResourceResponse, names: string[]): void {
    const object = resp.getObject();
    if (!object || names.length === 0) return;
    const outputs = toPropertyMap(object.toJavaScript(), "mock outputs");
    resp.setObject(Struct.fromJavaScript(markAdditionalSecrets(outputs, names)));
}

function describeRequest(req: RegisterResourceRequest): Omit<RegisteredResource, "urn"> {
    const inputs = toPropertyMap(req.getObject()?.toJavaScript() ?? {}, `${req.getName()} inputs`);
    const provider: JsonValue | undefined = inputs["__provider"];
    const providerPlain = provider === undefined ? "" : removeSecrets(provider);
    return {
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        inputs,
        secretInputs: secretKeys(inputs),
        unknownInputs: unknownKeys(inputs),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        deleteBeforeReplace: req.getDeletebeforereplace(),
        dependencies: req.getDependenciesList(),
        parent: req.getParent(),
        providerSource: typeof providerPlain === "string" && providerPlain !== UNKNOWN ? providerPlain : "",
        providerIsSecret: isSecret(provider),
    };
}

/**
 * Runs `program` and resolves, once every registration has completed, with the
 * registrations in completion order. Rejects if the program or any
 * registration fails. Uses the process-wide Pulumi runtime: one run at a time.
 *
 *     const regs = await runProgram(() => { new Thing("a", { key: pulumi.secret("k") }); },
 *                                   { project: "p", stack: "dev" });
 *     regs[0].secretInputs; // ["key"]
 */
export async function runProgram(
    program: () => void | Promise<void>,
    opts: ProgramOptions,
): Promise<RegisteredResource[]> {
    const preview = opts.preview ?? false;
    const mocks: pulumi.runtime.Mocks = {
        newResource: (args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult => {
            const extra = preview ? undefined : opts.mockOutputs?.({ type: args.type, name: args.name });
            const state: Record<string, unknown> = { ...(args.inputs as Record<string, unknown>), ...extra };
            delete state["__provider"];
            return { id: preview ? undefined : `${args.name}-id`, state };
        },
        call: (args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult =>
            args.inputs as Record<string, unknown>,
    };
    await pulumi.runtime.setMocks(mocks, opts.project, opts.stack, preview);
    const monitor = pulumi.runtime.getMonitor();
    if (!(monitor instanceof MockMonitor)) throw new Error("setMocks did not install a MockMonitor");
    const registrations = recordRegistrations(monitor);

    // The runtime reports a failed registration (e.g. an unserializable
    // provider closure) only as an unhandled rejection. While the program runs,
    // this function owns those, so they reject runProgram instead of failing
    // whatever test runner is listening; other listeners are put back after.
    const failures: unknown[] = [];
    const onRejection = (reason: unknown): void => {
        failures.push(reason);
    };
    const previous = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", onRejection);
    try {
        // A program that throws still has its earlier registrations in flight: let them finish first.
        await Promise.resolve()
            .then(program)
            .catch((e: unknown) => failures.push(e));
        // Waits for every outstanding resource RPC, then drops the monitor.
        await pulumi.runtime.disconnect();
        // Give rejected registrations one more turn to surface.
        await new Promise<void>((resolve) => setImmediate(resolve));
    } finally {
        process.off("unhandledRejection", onRejection);
        for (const listener of previous) process.on("unhandledRejection", listener);
    }
    if (failures.length > 0) {
        // The failed resources' outputs never settle; resetting the runtime
        // drops them from its leak detector, which would otherwise print a
        // warning and set exit code 1 when the test process ends.
        pulumi.runtime.resetOptions(opts.project, opts.stack, -1, "", "", preview, "");
        const messages = failures.map((f) => (f instanceof Error ? f.message : String(f)));
        throw new Error(`program failed: ${messages.join("; ")}`, { cause: failures[0] });
    }
    return registrations;
}
