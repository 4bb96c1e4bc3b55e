/**
 * pulumirpc.ResourceProvider over gRPC for the certdeploy plugin: decodes each
 * request into plain values for PluginProvider and encodes its answer.
 * Written against @pulumi/pulumi's generated stubs because its provider
 * server (`@pulumi/pulumi/provider`) answers CheckConfig/DiffConfig with
 * UNIMPLEMENTED, drops the detailed diff and old inputs, ignores Read's
 * inputs and passes secret envelopes through untouched (DESIGN.md §9).
 * Construct, Call, Invoke, List and Parameterize stay UNIMPLEMENTED: certdeploy
 * has no components or functions.
 */
import type * as grpc from "@grpc/grpc-js";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { IResourceProviderServer } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { redact } from "../deploy/errors";
import type { PropertyDiffKind } from "./detailed-diff";
import { warningsSent, withCallUrn } from "./engine-log";
import { loadAny, loadEmpty, loadGrpc, loadStruct } from "./grpc-runtime";
import { PartialFailure, PluginProvider } from "./plugin-provider";
import type { PropertyBag } from "./secrets";

const KIND: Record<PropertyDiffKind, provproto.PropertyDiff.Kind> = {
    add: provproto.PropertyDiff.Kind.ADD,
    "add-replace": provproto.PropertyDiff.Kind.ADD_REPLACE,
    delete: provproto.PropertyDiff.Kind.DELETE,
    "delete-replace": provproto.PropertyDiff.Kind.DELETE_REPLACE,
    update: provproto.PropertyDiff.Kind.UPDATE,
    "update-replace": provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/** The provider's `changes` (true, false, or undecided) as the engine's enum. */
function diffChanges(changes: boolean | undefined): provproto.DiffResponse.DiffChanges {
    if (changes === true) return provproto.DiffResponse.DiffChanges.DIFF_SOME;
    if (changes === false) return provproto.DiffResponse.DiffChanges.DIFF_NONE;
    return provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN;
}

export interface ServiceInfo {
    version: string;
    schema: string;
}

type Implemented = Pick<
    IResourceProviderServer,
    | "handshake"
    | "getSchema"
    | "getPluginInfo"
    | "checkConfig"
    | "diffConfig"
    | "configure"
    | "check"
    | "diff"
    | "create"
    | "read"
    | "update"
    | "delete"
    | "cancel"
    | "attach"
>;

export function resourceProviderService(
    provider: PluginProvider,
    info: ServiceInfo,
): Implemented & grpc.UntypedServiceImplementation {
    const grpcJs = loadGrpc();
    const { Struct } = loadStruct();
    const { Empty } = loadEmpty();
    const { Any } = loadAny();

    const plain = (s: Struct | undefined): PropertyBag => s?.toJavaScript() ?? {};
    const struct = (props: PropertyBag): Struct =>
        Struct.fromJavaScript(props as Parameters<typeof Struct.fromJavaScript>[0]);

    /** Errors as the engine reads them; a partial failure carries ErrorResourceInitFailed in grpc-status-details-bin. */
    function toServiceError(e: unknown): Partial<grpc.ServiceError> {
        const message = redact(e instanceof Error ? e.message : String(e));
        const metadata = new grpcJs.Metadata();
        if (e instanceof PartialFailure) {
            const failed = new provproto.ErrorResourceInitFailed()
                .setId(e.id)
                .setProperties(struct(e.properties))
                .setReasonsList(e.reasons.map(redact));
            const detail = new Any();
            detail.pack(failed.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
            const status = new Status().setCode(grpcJs.status.UNKNOWN).setMessage(message);
            status.addDetails(detail);
            metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
        }
        return { code: grpcJs.status.UNKNOWN, details: message, metadata };
    }

    /** A handler; `urnOf` names the resource whose warnings the call prints. */
    function unary<Req, Res>(
        run: (req: Req) => Promise<Res> | Res,
        urnOf: (req: Req) => string = () => "",
    ): grpc.handleUnaryCall<Req, Res> {
        return (call, callback) => {
            Promise.resolve()
                .then(() => withCallUrn(urnOf(call.request), () => run(call.request)))
                .finally(warningsSent)
                .then(
                    (res) => callback(null, res),
                    (e: unknown) => callback(toServiceError(e), null),
                );
        };
    }

    const urnOfRequest = (req: { getUrn(): string }): string => req.getUrn();

    const checkResponse = (
        inputs: PropertyBag,
        failures: { property: string; reason: string }[],
    ): provproto.CheckResponse =>
        new provproto.CheckResponse()
            .setInputs(struct(inputs))
            .setFailuresList(
                failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)),
            );

    return {
        handshake: unary(() =>
            new provproto.ProviderHandshakeResponse()
                .setAcceptSecrets(true)
                .setAcceptResources(false)
                .setAcceptOutputs(false),
        ),
        getSchema: unary(() => new provproto.GetSchemaResponse().setSchema(info.schema)),
        getPluginInfo: unary(() => new plugproto.PluginInfo().setVersion(info.version)),
        configure: unary(() =>
            new provproto.ConfigureResponse()
                .setAcceptsecrets(true)
                .setAcceptresources(false)
                .setAcceptoutputs(false)
                .setSupportspreview(false),
        ),
        checkConfig: unary((req: provproto.CheckRequest) => {
            const checked = provider.checkConfig(plain(req.getNews()));
            return checkResponse(checked.inputs, checked.failures);
        }),
        diffConfig: unary((req: provproto.DiffRequest) => {
            const diff = provider.diffConfig(plain(req.getOlds()), plain(req.getNews()));
            return new provproto.DiffResponse().setChanges(diffChanges(diff.changes)).setDiffsList(diff.diffs);
        }),
        check: unary(async (req: provproto.CheckRequest) => {
            const checked = await provider.check(req.getUrn(), plain(req.getOlds()), plain(req.getNews()));
            return checkResponse(checked.inputs, checked.failures);
        }, urnOfRequest),
        diff: unary(async (req: provproto.DiffRequest) => {
            const diff = await provider.diff(req.getId(), req.getUrn(), plain(req.getOlds()), plain(req.getNews()));
            const res = new provproto.DiffResponse()
                .setChanges(diffChanges(diff.changes))
                .setReplacesList(diff.replaces)
                .setStablesList(diff.stables)
                .setDeletebeforereplace(diff.deleteBeforeReplace)
                .setDiffsList(diff.diffs)
                .setHasdetaileddiff(true);
            for (const [key, kind] of Object.entries(diff.detailedDiff)) {
                res.getDetaileddiffMap().set(key, new provproto.PropertyDiff().setKind(KIND[kind]).setInputdiff(true));
            }
            return res;
        }, urnOfRequest),
        create: unary(async (req: provproto.CreateRequest) => {
            // supportsPreview is false, so the engine never sends a preview create; answer one with the inputs as is.
            if (req.getPreview()) return new provproto.CreateResponse().setProperties(req.getProperties());
            const created = await provider.create(req.getUrn(), plain(req.getProperties()));
            return new provproto.CreateResponse().setId(created.id).setProperties(struct(created.properties));
        }, urnOfRequest),
        read: unary(async (req: provproto.ReadRequest) => {
            const read = await provider.read(req.getId(), req.getUrn(), plain(req.getProperties()));
            const res = new provproto.ReadResponse().setId(read.id).setProperties(struct(read.properties));
            if (read.inputs) res.setInputs(struct(read.inputs));
            return res;
        }, urnOfRequest),
        update: unary(async (req: provproto.UpdateRequest) => {
            if (req.getPreview()) return new provproto.UpdateResponse().setProperties(req.getNews());
            const updated = await provider.update(
                req.getId(),
                req.getUrn(),
                plain(req.getOlds()),
                plain(req.getNews()),
            );
            return new provproto.UpdateResponse().setProperties(struct(updated.properties));
        }, urnOfRequest),
        delete: unary(async (req: provproto.DeleteRequest) => {
            await provider.delete(req.getId(), req.getUrn(), plain(req.getProperties()));
            return new Empty();
        }, urnOfRequest),
        cancel: unary(() => new Empty()),
        attach: unary(() => new Empty()),
    };
}
