/**
 * The certdeploy resource plugin as the engine runs it: launched by
 * plugin-launch.ts from a plugin directory, driven over gRPC with the
 * engine's call order (Handshake, GetPluginInfo, CheckConfig, Configure, then
 * resource calls). Property maps travel as the engine sends them to a
 * provider that accepts secrets: secret values as envelopes (wire.ts).
 *
 *     const plugin = await startPluginHost({ project: "p", env: { AWS_REGION: "us-east-1" } });
 *     try {
 *         await plugin.start();
 *         const { inputs } = await plugin.check(urn, {}, news);
 *         const { id, properties } = await plugin.create(urn, inputs);
 *     } finally {
 *         await plugin.close();
 *     }
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { findRepoRoot } from "./host-process";
import { launchPlugin, readPort, type LaunchedPlugin } from "./plugin-launch";
import { decodeInitFailure, ProviderCallError, type ProviderMethod } from "./provider-error";
import { toPropertyMap, type PropertyMap } from "./wire";

export interface PluginHostOptions {
    /** Where the plugin is installed; default this checkout (its PulumiPlugin.yaml). */
    pluginDir?: string;
    project?: string;
    /** Extra environment (wins over the pass-through variables). */
    env?: Record<string, string>;
    startTimeoutMs?: number;
    callTimeoutMs?: number;
}

export type PropertyDiffKind = "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

export interface PluginDiff {
    changes: "unknown" | "none" | "some";
    replaces: string[];
    stables: string[];
    diffs: string[];
    deleteBeforeReplace: boolean;
    hasDetailedDiff: boolean;
    detailedDiff: Record<string, { kind: PropertyDiffKind; inputDiff: boolean }>;
}

export interface PluginCheck {
    inputs: PropertyMap;
    failures: { property: string; reason: string }[];
}

export interface PluginRead {
    id: string;
    properties: PropertyMap;
    inputs?: PropertyMap;
}

/** One pulumirpc.Engine/Log call the plugin made: what `pulumi` would print for the resource. */
export interface EngineLogEntry {
    severity: "debug" | "info" | "warning" | "error";
    message: string;
    urn: string;
}

const SEVERITIES: Record<LogSeverity, EngineLogEntry["severity"]> = {
    [LogSeverity.DEBUG]: "debug",
    [LogSeverity.INFO]: "info",
    [LogSeverity.WARNING]: "warning",
    [LogSeverity.ERROR]: "error",
};

/** The engine's side of the plugin's engine address: a Log service on loopback that records each call. */
async function startEngineLog(): Promise<{ address: string; entries: EngineLogEntry[]; close(): Promise<void> }> {
    const entries: EngineLogEntry[] = [];
    const server = new grpc.Server();
    server.addService(EngineService, {
        log: (call: grpc.ServerUnaryCall<LogRequest, Empty>, callback: grpc.sendUnaryData<Empty>) => {
            entries.push({
                severity: SEVERITIES[call.request.getSeverity()],
                message: call.request.getMessage(),
                urn: call.request.getUrn(),
            });
            callback(null, new Empty());
        },
    });
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
            err ? reject(err) : resolve(bound),
        ),
    );
    return {
        address: `127.0.0.1:${port}`,
        entries,
        close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
    };
}

export interface ProviderProtocol {
    acceptSecrets: boolean;
    acceptResources: boolean;
    acceptOutputs: boolean;
    supportsPreview: boolean;
}

const KINDS: Record<number, PropertyDiffKind> = {
    [proto.PropertyDiff.Kind.ADD]: "add",
    [proto.PropertyDiff.Kind.ADD_REPLACE]: "add-replace",
    [proto.PropertyDiff.Kind.DELETE]: "delete",
    [proto.PropertyDiff.Kind.DELETE_REPLACE]: "delete-replace",
    [proto.PropertyDiff.Kind.UPDATE]: "update",
    [proto.PropertyDiff.Kind.UPDATE_REPLACE]: "update-replace",
};
const CHANGES = {
    [proto.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown",
    [proto.DiffResponse.DiffChanges.DIFF_NONE]: "none",
    [proto.DiffResponse.DiffChanges.DIFF_SOME]: "some",
} as const;
/** Environment variables passed through from the test process, as a user's shell would have them. */
const PASSED_THROUGH = ["PATH", "LANG", "LC_ALL", "TZ", "TMPDIR"];

type Unary<Req, Res> = (
    req: Req,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: (err: grpc.ServiceError | null, res: Res) => void,
) => grpc.ClientUnaryCall;
type PluginMethod = ProviderMethod | "handshake" | "getPluginInfo" | "getSchema" | "checkConfig" | "diffConfig";
const RESOURCE_METHODS: readonly string[] = [
    "configure",
    "check",
    "diff",
    "create",
    "read",
    "update",
    "delete",
] satisfies ProviderMethod[];
const isResourceMethod = (m: PluginMethod): m is ProviderMethod => RESOURCE_METHODS.includes(m);

const struct = (m: PropertyMap): Struct => Struct.fromJavaScript(m);
const plain = (s: Struct | undefined, what: string): PropertyMap => toPropertyMap(s?.toJavaScript() ?? {}, what);

function withUrn<T extends { setUrn(v: string): T; setName(v: string): T; setType(v: string): T }>(
    req: T,
    urn: string,
): T {
    const parts = urn.split("::");
    return req
        .setUrn(urn)
        .setName(parts.slice(3).join("::"))
        .setType(parts[2] ?? "");
}

export class PluginHost {
    private stdout = "";
    private stderr = "";
    private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    private readonly exited: Promise<void>;

    private constructor(
        readonly launched: LaunchedPlugin,
        readonly pwd: string,
        private readonly callTimeoutMs: number,
        private readonly engine: Awaited<ReturnType<typeof startEngineLog>>,
    ) {
        launched.child.stdout.setEncoding("utf8").on("data", (chunk: string) => (this.stdout += chunk));
        launched.child.stderr.setEncoding("utf8").on("data", (chunk: string) => (this.stderr += chunk));
        this.exited = new Promise((resolve) =>
            launched.child.on("exit", (code, signal) => resolve(void (this.exitInfo = { code, signal }))),
        );
    }

    port = 0;
    private client: ResourceProviderClient | undefined;

    static async start(opts: PluginHostOptions = {}): Promise<PluginHost> {
        const pwd = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-plugin-pwd-"));
        const env: Record<string, string> = { HOME: pwd };
        for (const name of PASSED_THROUGH) if (process.env[name] !== undefined) env[name] = process.env[name];
        const engine = await startEngineLog();
        const launched = launchPlugin({
            pluginDir: opts.pluginDir ?? findRepoRoot(),
            name: "certdeploy",
            pwd,
            project: opts.project ?? "certdeploy-plugin",
            env: { ...env, ...opts.env },
            engineAddress: engine.address,
        });
        const host = new PluginHost(launched, pwd, opts.callTimeoutMs ?? 120_000, engine);
        try {
            host.port = await readPort(launched.child, () => host.logs(), opts.startTimeoutMs ?? 60_000);
        } catch (e) {
            await host.close();
            throw e;
        }
        host.client = new ResourceProviderClient(`127.0.0.1:${host.port}`, grpc.credentials.createInsecure());
        return host;
    }

    get pid(): number {
        return this.launched.child.pid ?? -1;
    }

    logs(): { stdout: string; stderr: string } {
        return { stdout: this.stdout, stderr: this.stderr };
    }

    /** What the plugin logged through the engine so far. */
    engineLog(): EngineLogEntry[] {
        return [...this.engine.entries];
    }

    /** The engine's start-up sequence: Handshake, GetPluginInfo, CheckConfig, Configure. */
    async start(): Promise<{ version: string; protocol: ProviderProtocol }> {
        await this.handshake();
        const version = await this.getPluginInfo();
        const config = await this.checkConfig({}, { version });
        if (config.failures.length > 0) throw new Error(`CheckConfig failed: ${JSON.stringify(config.failures)}`);
        return { version, protocol: await this.configure(config.inputs) };
    }

    async handshake(): Promise<{ acceptSecrets: boolean; acceptResources: boolean; acceptOutputs: boolean }> {
        const req = new proto.ProviderHandshakeRequest()
            .setEngineAddress(this.engine.address)
            .setConfigureWithUrn(true);
        const res = await this.call("handshake", this.rpc().handshake.bind(this.rpc()), req);
        return {
            acceptSecrets: res.getAcceptSecrets(),
            acceptResources: res.getAcceptResources(),
            acceptOutputs: res.getAcceptOutputs(),
        };
    }

    async getPluginInfo(): Promise<string> {
        return (await this.call("getPluginInfo", this.rpc().getPluginInfo.bind(this.rpc()), new Empty())).getVersion();
    }

    async getSchema(): Promise<string> {
        return (
            await this.call("getSchema", this.rpc().getSchema.bind(this.rpc()), new proto.GetSchemaRequest())
        ).getSchema();
    }

    async checkConfig(olds: PropertyMap, news: PropertyMap): Promise<PluginCheck> {
        const req = withUrn(new proto.CheckRequest(), "urn:pulumi:dev::p::pulumi:providers:certdeploy::default")
            .setOlds(struct(olds))
            .setNews(struct(news));
        return checkResult(await this.call("checkConfig", this.rpc().checkConfig.bind(this.rpc()), req));
    }

    async diffConfig(olds: PropertyMap, news: PropertyMap): Promise<PluginDiff> {
        const req = withUrn(new proto.DiffRequest(), "urn:pulumi:dev::p::pulumi:providers:certdeploy::default")
            .setOlds(struct(olds))
            .setNews(struct(news));
        return diffResult(await this.call("diffConfig", this.rpc().diffConfig.bind(this.rpc()), req));
    }

    async configure(args: PropertyMap): Promise<ProviderProtocol> {
        const req = new proto.ConfigureRequest()
            .setArgs(struct(args))
            .setAcceptsecrets(true)
            .setAcceptresources(true)
            .setSendsOldInputs(true)
            .setSendsOldInputsToDelete(true);
        const res = await this.call("configure", this.rpc().configure.bind(this.rpc()), req);
        return {
            acceptSecrets: res.getAcceptsecrets(),
            acceptResources: res.getAcceptresources(),
            acceptOutputs: res.getAcceptoutputs(),
            supportsPreview: res.getSupportspreview(),
        };
    }

    async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<PluginCheck> {
        const req = withUrn(new proto.CheckRequest(), urn).setOlds(struct(olds)).setNews(struct(news));
        return checkResult(await this.call("check", this.rpc().check.bind(this.rpc()), req));
    }

    async diff(
        id: string,
        urn: string,
        olds: PropertyMap,
        news: PropertyMap,
        oldInputs: PropertyMap,
    ): Promise<PluginDiff> {
        const req = withUrn(new proto.DiffRequest(), urn)
            .setId(id)
            .setOlds(struct(olds))
            .setNews(struct(news))
            .setOldInputs(struct(oldInputs));
        return diffResult(await this.call("diff", this.rpc().diff.bind(this.rpc()), req));
    }

    async create(urn: string, props: PropertyMap): Promise<{ id: string; properties: PropertyMap }> {
        const req = withUrn(new proto.CreateRequest(), urn).setProperties(struct(props));
        const res = await this.call("create", this.rpc().create.bind(this.rpc()), req);
        return { id: res.getId(), properties: plain(res.getProperties(), "create outputs") };
    }

    async read(id: string, urn: string, props: PropertyMap, inputs: PropertyMap): Promise<PluginRead> {
        const req = withUrn(new proto.ReadRequest(), urn)
            .setId(id)
            .setProperties(struct(props))
            .setInputs(struct(inputs));
        const res = await this.call("read", this.rpc().read.bind(this.rpc()), req);
        const read: PluginRead = { id: res.getId(), properties: plain(res.getProperties(), "read outputs") };
        if (res.hasInputs()) read.inputs = plain(res.getInputs(), "read inputs");
        return read;
    }

    async update(
        id: string,
        urn: string,
        olds: PropertyMap,
        news: PropertyMap,
        oldInputs: PropertyMap,
    ): Promise<{ properties: PropertyMap }> {
        const req = withUrn(new proto.UpdateRequest(), urn)
            .setId(id)
            .setOlds(struct(olds))
            .setNews(struct(news))
            .setOldInputs(struct(oldInputs));
        const res = await this.call("update", this.rpc().update.bind(this.rpc()), req);
        return { properties: plain(res.getProperties(), "update outputs") };
    }

    async delete(id: string, urn: string, props: PropertyMap, oldInputs: PropertyMap): Promise<void> {
        const req = withUrn(new proto.DeleteRequest(), urn)
            .setId(id)
            .setProperties(struct(props))
            .setOldInputs(struct(oldInputs));
        await this.call("delete", this.rpc().delete.bind(this.rpc()), req);
    }

    /** Closes the client, stops the plugin (SIGTERM, then SIGKILL after 5 s) and removes the working directory. */
    async close(): Promise<void> {
        this.client?.close();
        this.client = undefined;
        if (this.exitInfo === undefined) {
            this.launched.child.kill("SIGTERM");
            const timer = setTimeout(() => this.launched.child.kill("SIGKILL"), 5_000);
            await this.exited;
            clearTimeout(timer);
        }
        await this.engine.close();
        fs.rmSync(this.pwd, { recursive: true, force: true });
    }

    private rpc(): ResourceProviderClient {
        if (!this.client) throw new Error("plugin host is not connected");
        return this.client;
    }

    private call<Req, Res>(method: PluginMethod, fn: Unary<Req, Res>, req: Req): Promise<Res> {
        const deadline = new Date(Date.now() + this.callTimeoutMs);
        return new Promise<Res>((resolve, reject) => {
            fn(req, new grpc.Metadata(), { deadline }, (err, res) => {
                if (!err) return resolve(res);
                if (isResourceMethod(method))
                    reject(new ProviderCallError(method, err.code, err.details, decodeInitFailure(err.metadata)));
                else reject(new Error(`${method} failed (grpc ${err.code}): ${err.details}`));
            });
        });
    }
}

function checkResult(res: proto.CheckResponse): PluginCheck {
    return {
        inputs: plain(res.getInputs(), "checked inputs"),
        failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
}

function diffResult(res: proto.DiffResponse): PluginDiff {
    const detailedDiff: PluginDiff["detailedDiff"] = {};
    for (const [key, d] of res.getDetaileddiffMap().entries())
        detailedDiff[key] = { kind: KINDS[d.getKind()], inputDiff: d.getInputdiff() };
    return {
        changes: CHANGES[res.getChanges()],
        replaces: res.getReplacesList(),
        stables: res.getStablesList(),
        diffs: res.getDiffsList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
        hasDetailedDiff: res.getHasdetaileddiff(),
        detailedDiff,
    };
}

export const startPluginHost = (opts: PluginHostOptions = {}): Promise<PluginHost> => PluginHost.start(opts);
