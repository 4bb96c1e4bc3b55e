/**
 * KeyVaultCertificate diff (offline): which inputs changed, compared as Key Vault compares them, and
 * which changes make a new resource (another vault or certificate name).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { KeyVaultCertificateOutputs } from "../../sdk/schema-types";
import { changedInputs, SameValue } from "../deploy/changed-inputs";
import { parseVaultUrl } from "./vault-url";

const REPLACE_ON_CHANGE = ["vaultUrl", "certificateName"];
/** A vault URL as the cloud compares it: scheme and host case, the default port and a trailing slash do not matter. */
const normalisedUrl = (v: unknown): unknown =>
    typeof v === "string" ? (parseVaultUrl(v)?.base ?? v.replace(/\/+$/, "").toLowerCase()) : v;
/** Vault URLs compare as the cloud does (normalisedUrl); certificate names are case-insensitive. */
export const KEY_VAULT_EQUALITIES: Record<string, SameValue> = {
    vaultUrl: (a, b) => normalisedUrl(a) === normalisedUrl(b),
    certificateName: (a, b) =>
        typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b,
};

export function keyVaultDiff(
    olds: KeyVaultCertificateOutputs,
    news: Record<string, unknown>,
): pulumi.dynamic.DiffResult {
    const changed = changedInputs(
        "certdeploy:index:KeyVaultCertificate",
        olds as unknown as Record<string, unknown>,
        news,
        KEY_VAULT_EQUALITIES,
    );
    return {
        changes: changed.length > 0,
        replaces: changed.filter((k) => REPLACE_ON_CHANGE.includes(k)),
        stables: ["versionlessId", "versionlessSecretId"],
        deleteBeforeReplace: false,
    };
}
