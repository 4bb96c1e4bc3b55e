import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { AcmServiceError } from "./service-error";
import { isJsonObject, type JsonObject, type JsonValue } from "./input";

/** ACM speaks AWS JSON 1.1: POST /, X-Amz-Target names the operation, the body is the input. */
const TARGET_PREFIX = "CertificateManager.";
const CONTENT_TYPE = "application/x-amz-json-1.1";
export const DEFAULT_REGION = "us-east-1";

export interface DecodedRequest {
    operation: string;
    region: string;
    /** The access key id of the SigV4 credential scope: whose credentials signed the call. */
    accessKeyId?: string;
    input: JsonObject;
}

/** The region from the SigV4 credential scope: `Credential=<key>/<date>/<region>/acm/aws4_request`. */
export function regionFromAuthorization(authorization: string | undefined): string {
    const match = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/acm\/aws4_request/.exec(authorization ?? "");
    return match?.[1] ?? DEFAULT_REGION;
}

/** `Credential=<access key id>/…` of a SigV4 Authorization header. */
export function accessKeyIdFromAuthorization(authorization: string | undefined): string | undefined {
    return /Credential=([^/,\s]+)\//.exec(authorization ?? "")?.[1];
}

export function decodeRequest(method: string | undefined, headers: IncomingHttpHeaders, body: Buffer): DecodedRequest {
    const target = headers["x-amz-target"];
    if (method !== "POST" || typeof target !== "string" || !target.startsWith(TARGET_PREFIX)) {
        throw new AcmServiceError(
            "UnknownOperationException",
            "Expected POST / with X-Amz-Target: CertificateManager.<Operation>",
        );
    }
    const operation = target.slice(TARGET_PREFIX.length);
    const region = regionFromAuthorization(headers.authorization);
    const text = body.toString("utf8").trim();
    let parsed: JsonValue;
    try {
        parsed = text === "" ? {} : (JSON.parse(text) as JsonValue);
    } catch {
        throw new AcmServiceError("SerializationException", "The request body is not valid JSON");
    }
    if (!isJsonObject(parsed))
        throw new AcmServiceError("SerializationException", "The request body must be a JSON object");
    return { operation, region, accessKeyId: accessKeyIdFromAuthorization(headers.authorization), input: parsed };
}

function send(res: ServerResponse, status: number, body: JsonObject, errorType?: string): void {
    const payload = JSON.stringify(body);
    const headers: Record<string, string | number> = {
        "Content-Type": CONTENT_TYPE,
        "Content-Length": Buffer.byteLength(payload),
        "x-amzn-RequestId": randomUUID(),
    };
    if (errorType !== undefined) headers["x-amzn-ErrorType"] = errorType;
    res.writeHead(status, headers);
    res.end(payload);
}

export function writeSuccess(res: ServerResponse, output: JsonObject): void {
    send(res, 200, output);
}

/** The one error encoder: `{"__type": "<ExceptionName>", "message": "..."}` with the exception's HTTP status. */
export function writeError(res: ServerResponse, error: unknown): void {
    const serviceError = AcmServiceError.isInstance(error)
        ? error
        : new AcmServiceError("InternalFailure", "The emulator failed to process the request.", 500);
    send(
        res,
        serviceError.httpStatus,
        { __type: serviceError.exceptionName, message: serviceError.message },
        serviceError.exceptionName,
    );
}
