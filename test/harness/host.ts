/**
 * The real dynamic-provider host from @pulumi/pulumi, driven over gRPC as the
 * engine drives it. Methods take and return plain JSON property maps; the
 * caller decides what is secret or unknown (see engine.ts for the engine's
 * rules: with acceptSecrets=false the engine sends secrets in plain form).
 *
 *     const host = await startProviderHost({ env: { WIDGET_CLOUD_DIR: dir } });
 *     try {
 *         await host.configure();
 *         const { inputs, failures } = await host.check(urn, {}, news);
 *         const { id, properties } = await host.create(urn, inputs);
 *     } finally {
 *         await host.close();
 *     }
 */
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { HostProcess, type ExitInfo } from "./host-process";
import type {
    CheckResult,
    ConfigureResult,
    CreateResult,
    DiffChanges,
    DiffResult,
    HostOptions,
    ProviderHost,
    ReadResult,
    UpdateResult,
} from "./host-types";
import { toProviderCallError, type ProviderMethod } from "./provider-error";
import { toPropertyMap, type PropertyMap } from "./wire";

export type * from "./host-types";
export type { ExitInfo } from "./host-process";
export { ProviderCallError, type InitFailure, type ProviderMethod } from "./provider-error";

type Unary<Req, Res> = (
    req: Req,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: (err: grpc.ServiceError | null, res: Res) => void,
) => grpc.ClientUnaryCall;

function struct(props: PropertyMap, what: string): Struct {
    return Struct.fromJavaScript(toPropertyMap(props, what));
}

function plain(s: Struct | undefined, what: string): PropertyMap {
    return toPropertyMap(s?.toJavaScript() ?? {}, what);
}

const DIFF_CHANGES: Record<number, DiffChanges> = {
    [proto.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown",
    [proto.DiffResponse.DiffChanges.DIFF_NONE]: "none",
    [proto.DiffResponse.DiffChanges.DIFF_SOME]: "some",
};

class GrpcProviderHost implements ProviderHost {
    private readonly counts: Record<ProviderMethod, number> = {
        configure: 0,
        check: 0,
        diff: 0,
        create: 0,
        read: 0,
        update: 0,
        delete: 0,
    };
    private closed = false;

    constructor(
        private readonly proc: HostProcess,
        private readonly client: ResourceProviderClient,
        readonly port: number,
        private readonly callTimeoutMs: number | undefined,
    ) {}

    get pid(): number {
        return this.proc.pid;
    }
    get programDir(): string {
        return this.proc.programDir;
    }

    async configure(variables: Record<string, string> = {}): Promise<ConfigureResult> {
        const req = new proto.ConfigureRequest();
        for (const [k, v] of Object.entries(variables)) req.getVariablesMap().set(k, v);
        // The host throws (and never answers) without args, so always send them.
        req.setArgs(Struct.fromJavaScript({ ...variables }));
        req.setAcceptsecrets(true).setAcceptresources(true).setSendsOldInputs(true).setSendsOldInputsToDelete(true);
        const res = await this.call("configure", this.client.configure.bind(this.client), req);
        return {
            acceptSecrets: res.getAcceptsecrets(),
            acceptResources: res.getAcceptresources(),
            acceptOutputs: res.getAcceptoutputs(),
            supportsPreview: res.getSupportspreview(),
        };
    }

    async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
        const req = withUrn(new proto.CheckRequest(), urn);
        req.setOlds(struct(olds, "olds")).setNews(struct(news, "news"));
        const res = await this.call("check", this.client.check.bind(this.client), req);
        return {
            inputs: plain(res.getInputs(), "checked inputs"),
            failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    async diff(
        id: string,
        urn: string,
        olds: PropertyMap,
        news: PropertyMap,
        oldInputs?: PropertyMap,
        ignoreChanges: string[] = [],
    ): Promise<DiffResult> {
        const req = withUrn(new proto.DiffRequest(), urn).setId(id).setIgnorechangesList(ignoreChanges);
        req.setOlds(struct(olds, "olds")).setNews(struct(news, "news"));
        if (oldInputs) req.setOldInputs(struct(oldInputs, "oldInputs"));
        const res = await this.call("diff", this.client.diff.bind(this.client), req);
        return {
            changes: DIFF_CHANGES[res.getChanges()] ?? "unknown",
            replaces: res.getReplacesList(),
            stables: res.getStablesList(),
            diffs: res.getDiffsList(),
            deleteBeforeReplace: res.getDeletebeforereplace(),
        };
    }

    async create(urn: string, props: PropertyMap, preview = false, timeoutSeconds = 0): Promise<CreateResult> {
        const req = withUrn(new proto.CreateRequest(), urn).setPreview(preview).setTimeout(timeoutSeconds);
        req.setProperties(struct(props, "properties"));
        const res = await this.call("create", this.client.create.bind(this.client), req);
        return { id: res.getId(), properties: plain(res.getProperties(), "create outputs") };
    }

    async read(id: string, urn: string, props: PropertyMap, inputs?: PropertyMap): Promise<ReadResult> {
        const req = withUrn(new proto.ReadRequest(), urn).setId(id);
        req.setProperties(struct(props, "properties"));
        if (inputs) req.setInputs(struct(inputs, "inputs"));
        const res = await this.call("read", this.client.read.bind(this.client), req);
        const result: ReadResult = { id: res.getId(), properties: plain(res.getProperties(), "read outputs") };
        if (res.hasInputs()) result.inputs = plain(res.getInputs(), "read inputs");
        return result;
    }

    async update(
        id: string,
        urn: string,
        olds: PropertyMap,
        news: PropertyMap,
        preview = false,
        oldInputs?: PropertyMap,
        options: { timeoutSeconds?: number; ignoreChanges?: string[] } = {},
    ): Promise<UpdateResult> {
        const req = withUrn(new proto.UpdateRequest(), urn).setId(id).setPreview(preview);
        req.setTimeout(options.timeoutSeconds ?? 0).setIgnorechangesList(options.ignoreChanges ?? []);
        req.setOlds(struct(olds, "olds")).setNews(struct(news, "news"));
        if (oldInputs) req.setOldInputs(struct(oldInputs, "oldInputs"));
        const res = await this.call("update", this.client.update.bind(this.client), req);
        return { properties: plain(res.getProperties(), "update outputs") };
    }

    async delete(
        id: string,
        urn: string,
        props: PropertyMap,
        oldInputs?: PropertyMap,
        timeoutSeconds = 0,
    ): Promise<void> {
        const req = withUrn(new proto.DeleteRequest(), urn).setId(id).setTimeout(timeoutSeconds);
        req.setProperties(struct(props, "properties"));
        if (oldInputs) req.setOldInputs(struct(oldInputs, "oldInputs"));
        await this.call("delete", this.client.delete.bind(this.client), req);
    }

    logs(): { stdout: string; stderr: string } {
        return this.proc.logs();
    }
    callCounts(): Record<ProviderMethod, number> {
        return { ...this.counts };
    }
    peakRssBytes(): number | undefined {
        return this.proc.peakRssBytes();
    }
    exitStatus(): ExitInfo | undefined {
        return this.proc.exitStatus();
    }

    async kill(): Promise<ExitInfo> {
        const exit = await this.proc.stop("SIGKILL");
        this.closeClient();
        return exit;
    }

    async close(): Promise<ExitInfo> {
        this.closeClient();
        return this.proc.stop("SIGTERM");
    }

    private closeClient(): void {
        if (this.closed) return;
        this.closed = true;
        this.client.close();
    }

    private call<Req, Res>(method: ProviderMethod, fn: Unary<Req, Res>, req: Req): Promise<Res> {
        this.counts[method] += 1;
        // The engine sets no deadline on provider calls (provider_plugin.go passes
        // context.TODO()): only a test that asks for one gets it.
        const options: Partial<grpc.CallOptions> =
            this.callTimeoutMs === undefined ? {} : { deadline: new Date(Date.now() + this.callTimeoutMs) };
        return new Promise<Res>((resolve, reject) => {
            fn(req, new grpc.Metadata(), options, (err, res) => {
                if (err) reject(toProviderCallError(method, err));
                else resolve(res);
            });
        });
    }
}

interface HasUrn<T> {
    setUrn(value: string): T;
    setName(value: string): T;
    setType(value: string): T;
}

/** Sets urn, and name and type parsed from it, as the engine does. */
function withUrn<T extends HasUrn<T>>(req: T, urn: string): T {
    const parts = urn.split("::");
    const type = parts[2] ?? "";
    return req
        .setUrn(urn)
        .setName(parts.slice(3).join("::"))
        .setType(type.split("$").pop() ?? type);
}

/** Starts the host in a temporary program directory and connects a client to it. */
export async function startProviderHost(opts: HostOptions = {}): Promise<ProviderHost> {
    const env: Record<string, string> = {};
    if (opts.project) Object.assign(env, { PULUMI_NODEJS_PROJECT: opts.project, PULUMI_PROJECT: opts.project });
    const { process: proc, port } = await HostProcess.start({ ...opts, env: { ...env, ...opts.env } });
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    return new GrpcProviderHost(proc, client, port, opts.callTimeoutMs);
}
