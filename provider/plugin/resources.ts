/**
 * The resources the plugin serves, by schema.json type token: the same
 * provider objects as the dynamic path (not a copy of their logic), which
 * inputs they compare how, and which outputs leave as secrets.
 */
import type * as pulumi from "@pulumi/pulumi";
import schema from "../../schema.json";
import { acmProvider } from "../acm/provider";
import { readAcmForImport } from "../acm/import-read";
import { KEY_VAULT_EQUALITIES } from "../keyvault/diff";
import { keyVaultProvider } from "../keyvault/provider";
import { readKeyVaultForImport } from "../keyvault/import-read";
import { changedInputs } from "../deploy/changed-inputs";
import type { ResourceToken } from "../validate/schema-validator";
import type { ImportedResource } from "../deploy/imported";

export interface ServedResource {
    token: ResourceToken;
    /** Short name for messages: `AcmCertificate`. */
    kind: string;
    provider: pulumi.dynamic.ResourceProvider;
    /** Input names whose values differ between state and the new inputs, with the target's own equalities. */
    changedInputs(olds: Record<string, unknown>, news: Record<string, unknown>): string[];
    /** `pulumi import`: what is live under `id`, as inputs and outputs. */
    importRead(id: string): Promise<ImportedResource | undefined>;
    /** Outputs always sealed as secrets (schema.json `secret: true`). */
    secretOutputs: readonly string[];
}

interface SchemaResource {
    inputProperties: Record<string, { secret?: boolean }>;
    properties: Record<string, { secret?: boolean }>;
}

function schemaSecrets(token: ResourceToken): string[] {
    const res = (schema.resources as Record<string, SchemaResource>)[token];
    const names = new Set<string>();
    for (const props of [res.inputProperties, res.properties]) {
        for (const [name, prop] of Object.entries(props)) if (prop.secret === true) names.add(name);
    }
    return [...names];
}

const ACM = "certdeploy:index:AcmCertificate";
const KEY_VAULT = "certdeploy:index:KeyVaultCertificate";

const SERVED: Record<ResourceToken, ServedResource> = {
    [ACM]: {
        token: ACM,
        kind: "AcmCertificate",
        provider: acmProvider,
        changedInputs: (olds, news) => changedInputs(ACM, olds, news),
        importRead: readAcmForImport,
        secretOutputs: schemaSecrets(ACM),
    },
    [KEY_VAULT]: {
        token: KEY_VAULT,
        kind: "KeyVaultCertificate",
        provider: keyVaultProvider,
        changedInputs: (olds, news) => changedInputs(KEY_VAULT, olds, news, KEY_VAULT_EQUALITIES),
        importRead: readKeyVaultForImport,
        secretOutputs: schemaSecrets(KEY_VAULT),
    },
};

/** The resource a URN's type names, or an error that says which types this plugin serves. */
export function servedResource(type: string): ServedResource {
    const found = (SERVED as Record<string, ServedResource | undefined>)[type];
    if (!found)
        throw new Error(
            `certdeploy plugin: unknown resource type "${type}"; this plugin serves ${Object.keys(SERVED).join(", ")}`,
        );
    return found;
}

/** `urn:pulumi:stack::project::certdeploy:index:AcmCertificate::name` → its type, project, stack and name. */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } {
    const parts = urn.split("::");
    const stack = (parts[0] ?? "").replace(/^urn:pulumi:/, "");
    const qualifiedType = parts[2] ?? "";
    return {
        stack,
        project: parts[1] ?? "",
        type: qualifiedType.split("$").pop() ?? qualifiedType,
        name: parts.slice(3).join("::"),
    };
}
