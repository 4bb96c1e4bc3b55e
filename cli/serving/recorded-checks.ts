/**
 * The serving checks a stack recorded: each certdeploy resource's
 * `servingChecks` and `fingerprintSha256` outputs, out of `pulumi stack export`.
 *
 * ```
 * { "type": "pulumi-nodejs:dynamic/certdeploy:AcmCertificate", "urn": "urn:…::api",
 *   "outputs": { "fingerprintSha256": "ab:…", "servingChecks": [{ "endpoint": "api.example.com:443" }], … } }
 * → [{ name: "api", fingerprintSha256: "ab:…", checks: [{ endpoint: "api.example.com:443" }] }]
 * ```
 *
 * Both the dynamic provider's types and the plugin's `certdeploy:index:*`
 * types are read. A resource waiting for its delete (replaced) is skipped.
 * A secret `servingChecks` is never opened: the resource is reported, not checked.
 */
import type { ServingCheck } from "../../provider/deploy/serving";
import { UsageError } from "../exit-codes";
import { nameFromUrn, RESOURCE_TYPES } from "../report/stack-export";
import { isSecretEnvelope, shownString } from "../report/secret-value";

export const SERVING_RESOURCE_TYPES = new Set([
    ...Object.keys(RESOURCE_TYPES),
    "certdeploy:index:AcmCertificate",
    "certdeploy:index:KeyVaultCertificate",
]);

/** More than any stack holds (64 per resource); a bound on the handshakes one run opens. */
export const MAX_CHECKS = 4096;

export interface RecordedChecks {
    name: string;
    urn: string;
    /** The deployed leaf's fingerprint; undefined when the outputs hold none (then every check is a mismatch). */
    fingerprintSha256?: string;
    checks: ServingCheck[];
    /** Why the resource's checks could not be read (a secret, not a list). */
    unreadable?: string;
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

export function recordedChecks(resources: readonly unknown[]): RecordedChecks[] {
    const found: RecordedChecks[] = [];
    let total = 0;
    for (const resource of resources) {
        if (!isObject(resource) || typeof resource.type !== "string" || typeof resource.urn !== "string") continue;
        if (!SERVING_RESOURCE_TYPES.has(resource.type) || resource.delete === true) continue;
        const outputs = isObject(resource.outputs) ? resource.outputs : {};
        if (outputs.servingChecks === undefined) continue;
        const entry = readEntry(resource.urn, outputs);
        total += entry.checks.length;
        if (total > MAX_CHECKS)
            throw new UsageError(
                `the stack export records more than ${MAX_CHECKS} serving checks; check one stack at a time`,
            );
        found.push(entry);
    }
    return found;
}

function readEntry(urn: string, outputs: JsonObject): RecordedChecks {
    const fingerprint = shownString(outputs.fingerprintSha256);
    const base = {
        name: nameFromUrn(urn),
        urn,
        fingerprintSha256:
            fingerprint !== undefined && !isSecretEnvelope(outputs.fingerprintSha256) ? fingerprint : undefined,
    };
    const list = outputs.servingChecks;
    if (isSecretEnvelope(list))
        return { ...base, checks: [], unreadable: "servingChecks is a secret in the stack export; it is not opened" };
    if (!Array.isArray(list)) return { ...base, checks: [], unreadable: "servingChecks is not a list" };
    const checks = list.filter(isObject).map(toCheck);
    if (checks.length !== list.length)
        return { ...base, checks: [], unreadable: "servingChecks holds an entry that is not an object" };
    return { ...base, checks };
}

/** Only the four documented fields, with their types; anything else is dropped. */
function toCheck(raw: JsonObject): ServingCheck {
    return {
        endpoint: typeof raw.endpoint === "string" ? raw.endpoint : "",
        ...(typeof raw.serverName === "string" ? { serverName: raw.serverName } : {}),
        ...(typeof raw.timeoutSeconds === "number" ? { timeoutSeconds: raw.timeoutSeconds } : {}),
        ...(typeof raw.required === "boolean" ? { required: raw.required } : {}),
    };
}
