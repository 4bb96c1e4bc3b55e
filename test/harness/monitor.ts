/**
 * The engine's side of a running program: a `pulumirpc.ResourceMonitor` and a
 * `pulumirpc.Engine` served on loopback, which the Node language runtime
 * (`@pulumi/pulumi/cmd/run`) dials with `--monitor` and `--engine`.
 *
 * Feature answers (SupportsFeature): secrets yes, so inputs arrive with secret
 * envelopes and outputs go back with them; resource references, output
 * values, alias specs, deletedWith, replaceWith, transforms, hooks and
 * parameterization no, so the SDK either falls back to the older wire form
 * (ids instead of references, alias URNs instead of specs) or throws when a
 * program uses the feature: never a silent drop.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourcePb from "@pulumi/pulumi/proto/resource_pb";
import { goalFromRequest, type Goal } from "./goal";
import { toPropertyMap, type PropertyMap } from "./wire";

const SUPPORTED_FEATURES = new Set(["secrets"]);

/** Monitor calls a program may make that the harness engine refuses (UNIMPLEMENTED), by method. */
const REFUSED_MONITOR_CALLS: Record<string, string> = {
    invoke: "invokes (data sources)",
    call: "method calls",
    readResource: "reading existing resources (get)",
    getDeploymentInfo: "GetDeploymentInfo",
    registerStackTransform: "stack transforms",
    registerStackInvokeTransform: "invoke transforms",
    registerResourceHook: "resource hooks",
    registerErrorHook: "error hooks",
    registerPackage: "parameterized packages",
};

export interface RegisterAnswer {
    urn: string;
    id: string;
    /** Outputs in wire form (secrets enveloped). */
    outputs: PropertyMap;
    stables?: string[];
}

export interface MonitorHandler {
    register(goal: Goal): Promise<RegisterAnswer>;
    registerOutputs(urn: string, outputs: PropertyMap): void;
    log(severity: string, message: string, urn: string): void;
}

export interface MonitorServer {
    readonly address: string;
    close(): Promise<void>;
}

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;

function serviceError(e: unknown): grpc.ServiceError {
    const message = e instanceof Error ? e.message : String(e);
    return Object.assign(new Error(message), {
        code: grpc.status.UNKNOWN,
        details: message,
        metadata: new grpc.Metadata(),
    });
}

function unimplemented(what: string): grpc.ServiceError {
    const message = `the harness engine does not implement ${what}`;
    return Object.assign(new Error(message), {
        code: grpc.status.UNIMPLEMENTED,
        details: message,
        metadata: new grpc.Metadata(),
    });
}

const SEVERITIES: Record<number, string> = {
    [enginePb.LogSeverity.DEBUG]: "debug",
    [enginePb.LogSeverity.INFO]: "info",
    [enginePb.LogSeverity.WARNING]: "warning",
    [enginePb.LogSeverity.ERROR]: "error",
};

export async function startMonitor(handler: MonitorHandler, project: string, stack: string): Promise<MonitorServer> {
    const server = new grpc.Server({
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    let rootUrn = "";

    const monitor: grpc.UntypedServiceImplementation = {
        supportsFeature(
            call: grpc.ServerUnaryCall<resourcePb.SupportsFeatureRequest, unknown>,
            cb: Callback<resourcePb.SupportsFeatureResponse>,
        ) {
            cb(
                null,
                new resourcePb.SupportsFeatureResponse().setHassupport(SUPPORTED_FEATURES.has(call.request.getId())),
            );
        },
        registerResource(
            call: grpc.ServerUnaryCall<resourcePb.RegisterResourceRequest, unknown>,
            cb: Callback<resourcePb.RegisterResourceResponse>,
        ) {
            let goal: Goal;
            try {
                goal = goalFromRequest(call.request, stack, project);
            } catch (e) {
                cb(serviceError(e));
                return;
            }
            handler.register(goal).then(
                (answer) => {
                    const resp = new resourcePb.RegisterResourceResponse().setUrn(answer.urn).setId(answer.id);
                    resp.setObject(Struct.fromJavaScript(answer.outputs));
                    if (answer.stables) resp.setStablesList(answer.stables);
                    cb(null, resp);
                },
                (e: unknown) => cb(serviceError(e)),
            );
        },
        registerResourceOutputs(
            call: grpc.ServerUnaryCall<resourcePb.RegisterResourceOutputsRequest, unknown>,
            cb: Callback<Empty>,
        ) {
            try {
                handler.registerOutputs(
                    call.request.getUrn(),
                    toPropertyMap(call.request.getOutputs()?.toJavaScript() ?? {}, "component outputs"),
                );
                cb(null, new Empty());
            } catch (e) {
                cb(serviceError(e));
            }
        },
        signalAndWaitForShutdown(_call: unknown, cb: Callback<Empty>) {
            cb(null, new Empty());
        },
    };

    const engine: grpc.UntypedServiceImplementation = {
        log(call: grpc.ServerUnaryCall<enginePb.LogRequest, unknown>, cb: Callback<Empty>) {
            handler.log(
                SEVERITIES[call.request.getSeverity()] ?? "info",
                call.request.getMessage(),
                call.request.getUrn(),
            );
            cb(null, new Empty());
        },
        getRootResource(_call: unknown, cb: Callback<enginePb.GetRootResourceResponse>) {
            cb(null, new enginePb.GetRootResourceResponse().setUrn(rootUrn));
        },
        setRootResource(
            call: grpc.ServerUnaryCall<enginePb.SetRootResourceRequest, unknown>,
            cb: Callback<enginePb.SetRootResourceResponse>,
        ) {
            rootUrn = call.request.getUrn();
            cb(null, new enginePb.SetRootResourceResponse());
        },
        requirePulumiVersion(_call: unknown, cb: Callback<enginePb.RequirePulumiVersionResponse>) {
            cb(null, new enginePb.RequirePulumiVersionResponse());
        },
        startDebugging(_call: unknown, cb: Callback<never>) {
            cb(unimplemented("debugging"));
        },
    };

    for (const [method, what] of Object.entries(REFUSED_MONITOR_CALLS))
        monitor[method] = (_call: unknown, cb: Callback<never>) => cb(unimplemented(what));
    server.addService(ResourceMonitorService, monitor);
    server.addService(EngineService, engine);
    const port = await new Promise<number>((resolve, reject) => {
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
            err ? reject(err) : resolve(bound),
        );
    });
    return {
        address: `127.0.0.1:${port}`,
        close: () =>
            new Promise<void>((resolve) => {
                server.tryShutdown(() => resolve());
                // Calls still open (a program that never exits) must not keep the test alive.
                setTimeout(() => server.forceShutdown(), 2_000).unref();
            }),
    };
}
