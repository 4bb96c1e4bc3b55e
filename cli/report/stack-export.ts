/**
 * Reads the certdeploy resources out of `pulumi stack export` output:
 *
 * ```
 * { "version": 3, "deployment": { "resources": [
 *     { "urn": "urn:pulumi:prod::shop::pulumi-nodejs:dynamic/certdeploy:AcmCertificate::api",
 *       "type": "pulumi-nodejs:dynamic/certdeploy:AcmCertificate",
 *       "outputs": { "arn": "arn:aws:acm:…", "serial": "0f:…", "notAfter": "2026-…Z",
 *                    "privateKeyPem": { "4dabf…": "1b470…", "ciphertext": "…" }, … } } ] } }
 * → [{ target: "acm", name: "api", id: "arn:aws:acm:…", serial: "0f:…", notAfter: "2026-…Z", … }]
 * ```
 *
 * Only the fields below are read; a secret among them is shown as "[secret]"
 * and never decoded. A backend checkpoint file (`checkpoint.latest`) is read the same way.
 */
import { keyVaultIds } from "../../provider/keyvault/ids";
import { daysUntil } from "../dates";
import { UsageError } from "../exit-codes";
import type { Target } from "../target";
import { SECRET_PLACEHOLDER, shownField, shownString } from "./secret-value";

export const RESOURCE_TYPES: Record<string, Target> = {
    "pulumi-nodejs:dynamic/certdeploy:AcmCertificate": "acm",
    "pulumi-nodejs:dynamic/certdeploy:KeyVaultCertificate": "keyvault",
};

export interface CertificateRow {
    target: Target;
    /** The resource name, from the URN. */
    name: string;
    urn: string;
    /** ACM: the ARN; Key Vault: the version-less certificate id. */
    id?: string;
    serial?: string;
    notAfter?: string;
    daysToExpiry?: number;
    /** lastDeployment.result: succeeded, rolled_back or rollback_failed. */
    lastDeployment?: string;
    /** Replaced, and waiting for its delete (create-before-delete). */
    pendingDelete: boolean;
    /** The stack and project, from the URN. */
    stack: string;
    project: string;
    /** ACM: the region; Key Vault: the vault URL. */
    location?: string;
    /** lastDeployment.attemptedAt and .message (the provider never puts a secret there). */
    attemptedAt?: string;
    lastMessage?: string;
    /** The ids consumers reference it by: ACM the ARN; Key Vault the certificate and secret ids. */
    servedAs: string[];
}

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

export function parseStackExport(text: string, source: string): unknown[] {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new UsageError(
            `${source} is not valid JSON (${e instanceof SyntaxError ? e.message : "parse error"}); give the output of \`pulumi stack export\``,
        );
    }
    const deployment = isObject(doc)
        ? isObject(doc.deployment)
            ? doc.deployment
            : isObject(doc.checkpoint)
              ? doc.checkpoint.latest
              : undefined
        : undefined;
    if (!isObject(deployment))
        throw new UsageError(
            `${source} is JSON but not a stack export (no "deployment" object); give the output of \`pulumi stack export\``,
        );
    const resources = deployment.resources ?? [];
    if (!Array.isArray(resources)) throw new UsageError(`${source}: "deployment.resources" is not a list`);
    return resources;
}

export function certificateRows(resources: readonly unknown[], now: Date): CertificateRow[] {
    const rows: CertificateRow[] = [];
    for (const resource of resources) {
        if (!isObject(resource) || typeof resource.type !== "string" || typeof resource.urn !== "string") continue;
        const target = RESOURCE_TYPES[resource.type];
        if (target) rows.push(rowOf(target, resource, now));
    }
    return rows;
}

function rowOf(target: Target, resource: JsonObject, now: Date): CertificateRow {
    const urn = resource.urn as string;
    const outputs = isObject(resource.outputs) ? resource.outputs : {};
    const inputs = isObject(resource.inputs) ? resource.inputs : {};
    const notAfter = shownString(outputs.notAfter);
    const expiry = notAfter !== undefined ? new Date(notAfter) : undefined;
    const id =
        target === "acm"
            ? (shownString(outputs.arn) ?? shownString(resource.id))
            : keyVaultId(outputs, inputs, resource);
    return {
        target,
        name: nameFromUrn(urn),
        urn,
        id,
        serial: shownString(outputs.serial),
        notAfter,
        daysToExpiry: expiry && !Number.isNaN(expiry.getTime()) ? daysUntil(expiry, now) : undefined,
        lastDeployment: shownField(outputs.lastDeployment, "result"),
        pendingDelete: resource.delete === true,
        ...stackOfUrn(urn),
        location:
            target === "acm"
                ? (shownString(outputs.region) ?? shownString(inputs.region))
                : (shownString(outputs.vaultUrl) ?? shownString(inputs.vaultUrl)),
        attemptedAt: shownField(outputs.lastDeployment, "attemptedAt"),
        lastMessage: shownField(outputs.lastDeployment, "message"),
        servedAs: servedAs(target, id, outputs),
    };
}

/** Version-less ids only: a versioned id (`<versionless id>/<version>`) is found by the consumer search all the same. */
const KEY_VAULT_SERVED_AS = ["versionlessSecretId", "resourceManagerVersionlessSecretId"];

function servedAs(target: Target, id: string | undefined, outputs: JsonObject): string[] {
    const ids = target === "acm" ? [id] : [id, ...KEY_VAULT_SERVED_AS.map((field) => shownString(outputs[field]))];
    return ids.filter((v): v is string => v !== undefined && v !== SECRET_PLACEHOLDER);
}

/** `urn:pulumi:<stack>::<project>::…`. */
function stackOfUrn(urn: string): { stack: string; project: string } {
    const [head = "", project = ""] = urn.split("::");
    return { stack: head.replace(/^urn:pulumi:/, ""), project };
}

function keyVaultId(outputs: JsonObject, inputs: JsonObject, resource: JsonObject): string | undefined {
    const fromOutputs = shownString(outputs.versionlessId);
    if (fromOutputs !== undefined) return fromOutputs;
    const vaultUrl = shownString(outputs.vaultUrl) ?? shownString(inputs.vaultUrl);
    const name = shownString(outputs.certificateName) ?? shownString(inputs.certificateName);
    if (vaultUrl && name && vaultUrl !== SECRET_PLACEHOLDER && name !== SECRET_PLACEHOLDER)
        return keyVaultIds(vaultUrl, name, "").versionlessId;
    return shownString(resource.id);
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>`; the name itself may contain "::". */
export function nameFromUrn(urn: string): string {
    const parts = urn.split("::");
    return parts.length >= 4 ? parts.slice(3).join("::") : urn;
}
