/**
 * Where a certificate is served: the other resources in the same stack export
 * whose inputs or outputs hold its ARN or Key Vault id, e.g.
 *
 * ```
 * { urn: "…::aws:lb/listener:Listener::https", outputs: { certificateArn: "arn:aws:acm:…" } }
 * → { name: "https", type: "aws:lb/listener:Listener", property: "certificateArn" }
 * ```
 *
 * Only property names and resource names are returned, never a value; a secret
 * envelope is not opened, so a reference held as a secret is not found.
 */
import { isSecretEnvelope } from "./secret-value";
import { nameFromUrn, RESOURCE_TYPES, type CertificateRow } from "./stack-export";

export interface Consumer {
    name: string;
    type: string;
    urn: string;
    /** Where the reference sits, e.g. `certificateArn` or `sslCertificates[0].keyVaultSecretId`. */
    property: string;
}

/** No real resource nests deeper; a deeper document is not scanned further. */
const MAX_DEPTH = 12;

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** A value refers to `id` when it is the id, or the id of one of its versions (`<id>/<version>`). */
const refersTo = (value: string, id: string): boolean => value === id || value.startsWith(`${id}/`);

/** Consumers per certificate URN. */
export function findConsumers(resources: readonly unknown[], rows: readonly CertificateRow[]): Map<string, Consumer[]> {
    const found = new Map<string, Consumer[]>(rows.map((r) => [r.urn, []]));
    for (const resource of resources) {
        if (!isObject(resource) || typeof resource.urn !== "string" || typeof resource.type !== "string") continue;
        if (RESOURCE_TYPES[resource.type] !== undefined || resource.type.startsWith("pulumi:")) continue;
        const consumer = { name: nameFromUrn(resource.urn), type: resource.type, urn: resource.urn };
        const seen = new Set<string>();
        const visit = (value: unknown, property: string, depth: number): void => {
            if (depth > MAX_DEPTH || isSecretEnvelope(value)) return;
            if (typeof value === "string") {
                for (const row of rows) {
                    const key = `${row.urn}\n${property}`;
                    if (!seen.has(key) && row.servedAs.some((id) => refersTo(value, id))) {
                        seen.add(key);
                        found.get(row.urn)?.push({ ...consumer, property });
                    }
                }
            } else if (Array.isArray(value)) {
                value.forEach((item, i) => visit(item, `${property}[${i}]`, depth + 1));
            } else if (isObject(value)) {
                for (const [k, v] of Object.entries(value))
                    visit(v, property === "" ? k : `${property}.${k}`, depth + 1);
            }
        };
        visit(resource.outputs, "", 0);
        visit(resource.inputs, "", 0);
    }
    return found;
}
