import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { AcmServiceError } from "./service-error";
import { decodeRequest, writeError, writeSuccess, type DecodedRequest } from "./wire";
import { isAcmOperation } from "./operations";
import { HANDLERS } from "./handlers/handler-table";
import type { OperationContext } from "./handlers/operation-context";
import type { FaultInjector, FiringFault } from "./faults";
import type { RateLimiter } from "./rate-limit";
import type { CallLog } from "../call-log";
import type { CertificateStore } from "./store";
import type { AcmOperation, CallRecord, FaultKind, KeyAlgorithmStyle } from "./types";

/** Settings the control surface may change while the server runs. */
export interface EmulatorSettings {
    accountId: string;
    latencyMs: number;
    keyAlgorithmStyle: KeyAlgorithmStyle;
    dropTagsOnReimport: boolean;
    trailingChainPem?: string;
    maxImportedCertificates: number;
    clock: () => Date;
}

export interface EmulatorParts {
    store: CertificateStore;
    faults: FaultInjector;
    rateLimiter: RateLimiter;
    callLog: CallLog<AcmOperation, CallRecord>;
    settings: EmulatorSettings;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
        const buffer = chunk as Buffer;
        size += buffer.length;
        if (size > MAX_BODY_BYTES)
            throw new AcmServiceError("SerializationException", "The request body is too large.");
        chunks.push(buffer);
    }
    return Buffer.concat(chunks);
}

/** AWS's access-denied wording, naming the IAM action and the resource. */
function accessDenied(request: DecodedRequest, accountId: string, arn: string | undefined): AcmServiceError {
    const resource =
        request.operation === "ListCertificates"
            ? "*"
            : (arn ?? `arn:aws:acm:${request.region}:${accountId}:certificate/*`);
    const action = `acm:${request.operation}`;
    return new AcmServiceError(
        "AccessDeniedException",
        `User: arn:aws:iam::${accountId}:user/test is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
    );
}

/** The answer a failing fault gives; undefined for kinds that shape the handler instead. */
function faultError(
    fault: FiringFault,
    request: DecodedRequest,
    accountId: string,
    arn: string | undefined,
): AcmServiceError | undefined {
    switch (fault.kind) {
        case "throttle":
            return new AcmServiceError("ThrottlingException", "Rate exceeded");
        case "internal":
            return new AcmServiceError("InternalFailure", "We encountered an internal error. Please try again.", 500);
        case "accessDenied":
            return accessDenied(request, accountId, arn);
        default:
            return undefined;
    }
}

export function createRequestHandler(
    parts: EmulatorParts,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
    const { store, faults, rateLimiter, callLog, settings } = parts;

    return async (req, res) => {
        let request: DecodedRequest;
        try {
            request = decodeRequest(req.method, req.headers, await readBody(req));
        } catch (error) {
            writeError(res, error);
            return;
        }
        const { operation, region, input, accessKeyId } = request;
        const inputArn = typeof input.CertificateArn === "string" ? input.CertificateArn : undefined;
        const seen = {
            ...(accessKeyId === undefined ? {} : { accessKeyId }),
            ...(req.headers.host === undefined ? {} : { host: req.headers.host }),
        };
        const log = (outcome: string, arn = inputArn, fault?: FaultKind): void => {
            if (isAcmOperation(operation)) callLog.count(operation);
            callLog.record({
                operation,
                region,
                outcome,
                ...(arn === undefined ? {} : { arn }),
                ...(fault === undefined ? {} : { fault }),
                ...seen,
            });
        };
        const fail = (error: AcmServiceError, arn?: string, fault?: FaultKind): void => {
            log(error.exceptionName, arn ?? inputArn, fault);
            writeError(res, error);
        };

        if (!isAcmOperation(operation)) {
            return fail(
                new AcmServiceError(
                    "UnknownOperationException",
                    `Operation ${operation} is not supported by this emulator.`,
                ),
            );
        }
        const allowed = rateLimiter.tryTake(operation, Date.now());
        const { latencyMs, firing } = allowed ? faults.next(operation) : { latencyMs: 0, firing: undefined };
        const delay = settings.latencyMs + latencyMs;
        if (delay > 0) await sleep(delay);
        if (!allowed) return fail(new AcmServiceError("ThrottlingException", "Rate exceeded"));

        const reset = (arn?: string): void => {
            log("reset", arn ?? inputArn, "reset");
            req.socket.destroy();
        };
        if (firing !== undefined && !firing.applied) {
            if (firing.kind === "reset") return reset();
            const error = faultError(firing, request, settings.accountId, inputArn);
            if (error !== undefined) return fail(error, inputArn, firing.kind);
        }

        const context: OperationContext = {
            store,
            region,
            now: settings.clock(),
            keyAlgorithmStyle: settings.keyAlgorithmStyle,
            dropTagsOnReimport: settings.dropTagsOnReimport,
            maxImportedCertificates: settings.maxImportedCertificates,
            discardImport: firing?.kind === "ackNotApplied",
            staleRead: firing?.kind === "staleDescribe" || firing?.kind === "staleGet",
            trailingChainPem: settings.trailingChainPem,
        };
        let result;
        try {
            result = HANDLERS[operation](input, context);
        } catch (error) {
            if (!AcmServiceError.isInstance(error))
                process.stderr.write(`acm emulator: ${operation} failed: ${String(error)}\n`);
            return fail(
                AcmServiceError.isInstance(error)
                    ? error
                    : new AcmServiceError("InternalFailure", "Internal error", 500),
                inputArn,
                firing?.kind,
            );
        }
        if (firing?.applied === true) {
            if (firing.kind === "reset") return reset(result.arn);
            const error = faultError(firing, request, settings.accountId, result.arn);
            if (error !== undefined) return fail(error, result.arn, firing.kind);
        }
        log("ok", result.arn ?? inputArn, firing?.kind);
        writeSuccess(res, result.output);
    };
}

/** The handler as a plain listener (errors answered, never thrown): for the loopback server and the CONNECT proxy. */
export function createListener(parts: EmulatorParts): (req: IncomingMessage, res: ServerResponse) => void {
    const handle = createRequestHandler(parts);
    return (req, res) => {
        handle(req, res).catch((error: unknown) => writeError(res, error));
    };
}

export async function listenOnLoopback(
    parts: EmulatorParts,
    port: number,
    listener = createListener(parts),
): Promise<Server> {
    const server = createServer(listener);
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => {
            server.off("error", reject);
            resolve();
        });
    });
    return server;
}
