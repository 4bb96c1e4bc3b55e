import { AcmServiceError, constraintError } from "./service-error";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface TagInput {
    Key: string;
    Value?: string;
}

/** AWS names members in constraint messages with a lowercase first letter ("certificateArn"). */
function wireName(member: string): string {
    return member.charAt(0).toLowerCase() + member.slice(1);
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function optionalString(input: JsonObject, member: string): string | undefined {
    const value = input[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") {
        throw new AcmServiceError("SerializationException", `${member} must be a string`);
    }
    return value;
}

export function requiredString(input: JsonObject, member: string): string {
    const value = optionalString(input, member);
    if (value === undefined) throw constraintError(wireName(member), "Member must not be null", null);
    return value;
}

export function optionalNumber(input: JsonObject, member: string): number | undefined {
    const value = input[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value)) {
        throw new AcmServiceError("SerializationException", `${member} must be an integer`);
    }
    return value;
}

export function optionalStringList(input: JsonObject, member: string): string[] | undefined {
    const value = input[member];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string")) {
        throw new AcmServiceError("SerializationException", `${member} must be a list of strings`);
    }
    return value;
}

/**
 * A blob member (Certificate, PrivateKey, CertificateChain): base64 on the wire.
 * `maxBytes` is the modelled length limit; the message never echoes the value (it may be a key).
 */
export function optionalBlob(input: JsonObject, member: string, maxBytes: number): Buffer | undefined {
    const encoded = optionalString(input, member);
    if (encoded === undefined) return undefined;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded.replace(/\s+/g, ""))) {
        throw new AcmServiceError("SerializationException", `${member} is not valid base64`);
    }
    const bytes = Buffer.from(encoded, "base64");
    if (bytes.length < 1) {
        throw constraintError(wireName(member), "Member must have length greater than or equal to 1");
    }
    if (bytes.length > maxBytes) {
        throw constraintError(wireName(member), `Member must have length less than or equal to ${maxBytes}`);
    }
    return bytes;
}

export function requiredBlob(input: JsonObject, member: string, maxBytes: number): Buffer {
    const bytes = optionalBlob(input, member, maxBytes);
    if (bytes === undefined) throw constraintError(wireName(member), "Member must not be null", null);
    return bytes;
}

/** The `Tags` member: undefined when the key is absent, the list (possibly empty) when present. */
export function optionalTags(input: JsonObject, member = "Tags"): TagInput[] | undefined {
    const value = input[member];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw new AcmServiceError("SerializationException", `${member} must be a list`);
    return value.map((item) => {
        if (!isJsonObject(item) || typeof item.Key !== "string") {
            throw new AcmServiceError("SerializationException", `${member} entries need a string Key`);
        }
        const tagValue = item.Value;
        if (tagValue !== undefined && tagValue !== null && typeof tagValue !== "string") {
            throw new AcmServiceError("SerializationException", `${member} Value must be a string`);
        }
        return typeof tagValue === "string" ? { Key: item.Key, Value: tagValue } : { Key: item.Key };
    });
}
