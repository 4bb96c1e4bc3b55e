/**
 * `certdeploy inspect keyvault`: the latest version of a certificate and its
 * version history. Uses @azure/keyvault-certificates with the credential the
 * provider would use for the same credentialMode (provider/keyvault/credential.ts),
 * and the provider's error explanations (missing RBAC data action).
 * Calls: getCertificate, listPropertiesOfCertificateVersions (getDeletedCertificate on 404).
 */
import type { TokenCredential } from "@azure/identity";
import type { CertificateClient, CertificateProperties } from "@azure/keyvault-certificates";
import { explainKeyVaultError, statusOf } from "../../provider/keyvault/access";
import { credentialFor } from "../../provider/keyvault/credential";
import { keyVaultIds } from "../../provider/keyvault/ids";
import { readCertificate } from "../../provider/material/certificate";
import { errorsOf } from "../../provider/material/problem";
import { checkVaultUrl, parseVaultUrl } from "../../provider/keyvault/vault-url";
import type { CredentialMode } from "../../sdk/schema-types";
import { daysUntil } from "../dates";
import { CheckFailedError, UsageError } from "../exit-codes";
import { provenanceOf, type Provenance } from "./provenance";

type KvSdk = typeof import("@azure/keyvault-certificates");

export const CREDENTIAL_MODES: readonly CredentialMode[] = [
    "default",
    "managed_identity",
    "client_secret",
    "workload_identity",
];
// learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#vault-name-and-object-name
const CERTIFICATE_NAME = /^[0-9a-zA-Z-]{1,127}$/;

export interface KeyVaultLookup {
    vaultUrl: string;
    name: string;
    credentialMode: CredentialMode;
    clientId?: string;
    tenantId?: string;
}

export interface KeyVaultVersion {
    version: string;
    /** x5t: the SHA-1 thumbprint, uppercase hex. */
    x5t?: string;
    created?: string;
    notAfter?: string;
    enabled?: boolean;
    /** Tags belong to each version: an out-of-band import shows up here as a version without certdeploy provenance. */
    provenance: Provenance;
}

export interface KeyVaultInspection {
    target: "keyvault";
    vaultUrl: string;
    name: string;
    versionlessId: string;
    versionlessSecretId: string;
    version?: string;
    enabled?: boolean;
    subject: string;
    subjectAlternativeNames: string[];
    serial: string;
    notBefore: string;
    notAfter: string;
    daysToExpiry: number;
    thumbprint?: string;
    fingerprintSha256: string;
    provenance: Provenance;
    tags: Record<string, string>;
    /** Newest first. */
    versions: KeyVaultVersion[];
}

export async function inspectKeyVault(lookup: KeyVaultLookup, now: Date = new Date()): Promise<KeyVaultInspection> {
    const vault = checkedVault(lookup);
    const target = `${vault}/certificates/${lookup.name}`;
    const sdk = require("@azure/keyvault-certificates") as KvSdk;
    const client = new sdk.CertificateClient(vault, credentialOf(lookup, target));

    const latest = await call(
        "getCertificate",
        target,
        () => client.getCertificate(lookup.name),
        () => notFound(client, lookup.name, vault),
    );
    if (!latest.cer)
        throw new CheckFailedError(`${target}: Key Vault returned the latest version without its certificate (DER)`);
    const facts = readCertificate(Buffer.from(latest.cer));
    const versions = await call("listVersions", target, () =>
        listVersions(client, lookup.name, latest.properties.version),
    );
    const tags = latest.properties.tags ?? {};
    const ids = keyVaultIds(vault, lookup.name, latest.properties.version ?? "");
    return {
        target: "keyvault",
        vaultUrl: vault,
        name: lookup.name,
        versionlessId: ids.versionlessId,
        versionlessSecretId: ids.versionlessSecretId,
        version: latest.properties.version,
        enabled: latest.properties.enabled,
        subject: facts.subject,
        subjectAlternativeNames: facts.subjectAlternativeNames,
        serial: facts.serial,
        notBefore: facts.notBefore.toISOString(),
        notAfter: facts.notAfter.toISOString(),
        daysToExpiry: daysUntil(facts.notAfter, now),
        thumbprint: thumbprintHex(latest.properties.x509Thumbprint) ?? facts.thumbprintSha1,
        fingerprintSha256: facts.fingerprintSha256,
        provenance: provenanceOf(tags),
        tags,
        versions,
    };
}

function checkedVault(lookup: KeyVaultLookup): string {
    const errors = errorsOf(checkVaultUrl(lookup.vaultUrl));
    if (errors.length > 0) throw new UsageError(errors.map((p) => `--vault-url ${p.reason}`).join("; "));
    if (!CERTIFICATE_NAME.test(lookup.name))
        throw new UsageError("--name must be 1-127 characters of 0-9, a-z, A-Z and -");
    return parseVaultUrl(lookup.vaultUrl)?.base ?? lookup.vaultUrl;
}

/** A credential mode that cannot be set up from this environment (client_secret without AZURE_*) is a usage error. */
function credentialOf(lookup: KeyVaultLookup, target: string): TokenCredential {
    try {
        return credentialFor(
            lookup.credentialMode,
            { vaultUrl: lookup.vaultUrl, clientId: lookup.clientId, tenantId: lookup.tenantId },
            target,
        );
    } catch (e) {
        throw new UsageError(e instanceof Error ? e.message : String(e));
    }
}

/** Every version, newest first; versions created in the same second (Key Vault's resolution) keep the latest first. */
async function listVersions(
    client: CertificateClient,
    name: string,
    latestVersion: string | undefined,
): Promise<KeyVaultVersion[]> {
    const all: CertificateProperties[] = [];
    for await (const properties of client.listPropertiesOfCertificateVersions(name)) all.push(properties);
    const isLatest = (p: CertificateProperties): number => (p.version === latestVersion ? 1 : 0);
    all.sort((a, b) => (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0) || isLatest(b) - isLatest(a));
    return all.map((p) => ({
        version: p.version ?? "",
        ...(p.x509Thumbprint ? { x5t: thumbprintHex(p.x509Thumbprint) } : {}),
        ...(p.createdOn ? { created: p.createdOn.toISOString() } : {}),
        ...(p.expiresOn ? { notAfter: p.expiresOn.toISOString() } : {}),
        ...(p.enabled !== undefined ? { enabled: p.enabled } : {}),
        provenance: provenanceOf(p.tags ?? {}),
    }));
}

/** Runs one SDK call; a 404 goes to `onNotFound` when given, anything else becomes a message naming the RBAC data action. */
async function call<T>(
    operation: string,
    target: string,
    run: () => Promise<T>,
    onNotFound?: () => Promise<never>,
): Promise<T> {
    try {
        return await run();
    } catch (e) {
        if (statusOf(e) === 404 && onNotFound) return onNotFound();
        throw new CheckFailedError(explainKeyVaultError(e, operation, target));
    }
}

/** Not found: say so, and say when the name is soft-deleted (an import onto it would fail with 409). */
async function notFound(client: CertificateClient, name: string, vault: string): Promise<never> {
    let deleted = "";
    try {
        const d = await client.getDeletedCertificate(name);
        const purge = d.scheduledPurgeDate ? `, purged on ${d.scheduledPurgeDate.toISOString()}` : "";
        deleted = `; it is soft-deleted (deleted ${d.deletedOn?.toISOString() ?? "at an unknown time"}${purge}): recover it or purge it before deploying to this name`;
    } catch {
        // Not deleted either, or no right to read deleted certificates: the plain message is all we know.
    }
    throw new CheckFailedError(`certificate not found: no certificate named ${name} in ${vault}${deleted}`);
}

const thumbprintHex = (x5t: Uint8Array | undefined): string | undefined =>
    x5t ? Buffer.from(x5t).toString("hex").toUpperCase() : undefined;
