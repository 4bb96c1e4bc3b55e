/**
 * Errors from the provider host, decoded the way the engine decodes them.
 *
 * Create/Update failures of a provider error that carries `id` come back as
 * gRPC status UNKNOWN with `grpc-status-details-bin` metadata: a
 * google.rpc.Status whose details hold a `pulumirpc.ErrorResourceInitFailed`
 * (id, properties, reasons). The engine records that partial state.
 */
import type { Metadata, ServiceError } from "@grpc/grpc-js";
import { ErrorResourceInitFailed } from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { toPropertyMap, type PropertyMap } from "./wire";

export type ProviderMethod = "configure" | "check" | "diff" | "create" | "read" | "update" | "delete";

export interface InitFailure {
    id: string;
    properties: PropertyMap;
    reasons: string[];
}

const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";
const MARKER = "certdeploy.harness.ProviderCallError";

export class ProviderCallError extends Error {
    /** Lets tests recognise the error across module copies without instanceof. */
    readonly __harnessError = MARKER;
    readonly method: ProviderMethod;
    /** gRPC status code (2 UNKNOWN for a thrown provider error, 14 UNAVAILABLE for a dead host). */
    readonly code: number;
    /** The provider's own message (gRPC details), without the "2 UNKNOWN: " prefix. */
    readonly details: string;
    /** Present when the host packed an ErrorResourceInitFailed: the resource exists, partially. */
    readonly initFailure: InitFailure | undefined;

    constructor(method: ProviderMethod, code: number, details: string, initFailure?: InitFailure) {
        super(`${method} failed (grpc ${code}): ${details}`);
        this.name = "ProviderCallError";
        this.method = method;
        this.code = code;
        this.details = details;
        this.initFailure = initFailure;
    }

    static isInstance(e: unknown): e is ProviderCallError {
        return typeof e === "object" && e !== null && (e as { __harnessError?: unknown }).__harnessError === MARKER;
    }
}

function isServiceError(e: unknown): e is ServiceError {
    return e instanceof Error && typeof (e as Partial<ServiceError>).code === "number";
}

/** Converts whatever a gRPC call rejected with into a ProviderCallError. */
export function toProviderCallError(method: ProviderMethod, e: unknown): ProviderCallError {
    if (!isServiceError(e)) return new ProviderCallError(method, -1, e instanceof Error ? e.message : String(e));
    return new ProviderCallError(method, e.code, e.details, decodeInitFailure(e.metadata));
}

export function decodeInitFailure(metadata: Metadata | undefined): InitFailure | undefined {
    for (const raw of metadata?.get("grpc-status-details-bin") ?? []) {
        const bytes = typeof raw === "string" ? Buffer.from(raw, "base64") : raw;
        const status = Status.deserializeBinary(new Uint8Array(bytes));
        for (const detail of status.getDetailsList()) {
            if (detail.getTypeName() !== INIT_FAILED_TYPE) continue;
            const failed = detail.unpack((b) => ErrorResourceInitFailed.deserializeBinary(b), INIT_FAILED_TYPE);
            if (!failed) continue;
            return {
                id: failed.getId(),
                properties: toPropertyMap(failed.getProperties()?.toJavaScript() ?? {}, "init failure properties"),
                reasons: failed.getReasonsList(),
            };
        }
    }
    return undefined;
}
