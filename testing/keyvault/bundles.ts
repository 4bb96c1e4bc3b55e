/**
 * JSON bodies as the Key Vault REST reference shows them.
 * CertificateBundle: https://learn.microsoft.com/rest/api/keyvault/certificates/get-certificate/get-certificate#certificatebundle
 * DeletedCertificateBundle: https://learn.microsoft.com/rest/api/keyvault/certificates/delete-certificate/delete-certificate#deletedcertificatebundle
 * SecretBundle: https://learn.microsoft.com/rest/api/keyvault/secrets/get-secret/get-secret#secretbundle
 *
 *   certificateBundle("https://myvault.vault.azure.net", entry, v, vault)
 *   // { id: "https://myvault.vault.azure.net/certificates/api/5f1c…", kid: ".../keys/api/5f1c…",
 *   //   sid: ".../secrets/api/5f1c…", x5t: "<base64url sha1>", cer: "<base64 DER>",
 *   //   attributes: { enabled, nbf, exp, created, updated, recoveryLevel, recoverableDays },
 *   //   tags: {...}, policy: { id, key_props, secret_props: { contentType }, x509_props, ... } }
 */
import type { CertificateEntry, CertificateVersion, DeletedEntry } from "./vault-state";

export interface VaultSettings {
    purgeProtection: boolean;
    recoverableDays: number;
}

type Json = Record<string, unknown>;

function seconds(date: Date): number {
    return Math.floor(date.getTime() / 1000);
}

function recoveryLevel(vault: VaultSettings): string {
    return vault.purgeProtection ? "Recoverable" : "Recoverable+Purgeable";
}

function attributes(v: CertificateVersion, vault: VaultSettings): Json {
    return {
        enabled: v.enabled,
        nbf: seconds(v.material.notBefore),
        exp: seconds(v.material.notAfter),
        created: v.created,
        updated: v.updated,
        recoveryLevel: recoveryLevel(vault),
        recoverableDays: vault.recoverableDays,
    };
}

function monthsBetween(from: Date, to: Date): number {
    return Math.max(1, Math.round((to.getTime() - from.getTime()) / (30.4 * 86_400_000)));
}

export function policyJson(base: string, entry: CertificateEntry, latest: CertificateVersion): Json {
    const m = latest.material;
    return {
        id: `${base}/certificates/${entry.name}/policy`,
        key_props: {
            exportable: true,
            kty: m.key.kty,
            ...(m.key.keySize ? { key_size: m.key.keySize } : {}),
            ...(m.key.crv ? { crv: m.key.crv } : {}),
            reuse_key: false,
        },
        secret_props: { contentType: latest.secretContentType },
        x509_props: {
            subject: m.subject,
            sans: { dns_names: m.dnsNames },
            ekus: ["1.3.6.1.5.5.7.3.1"],
            key_usage: ["digitalSignature", "keyEncipherment"],
            validity_months: monthsBetween(m.notBefore, m.notAfter),
            basic_constraints: { ca: false },
        },
        lifetime_actions: [{ trigger: { lifetime_percentage: 80 }, action: { action_type: "EmailContacts" } }],
        issuer: { name: "Unknown" },
        attributes: { enabled: true, created: entry.policyCreated, updated: entry.policyUpdated },
    };
}

export function certificateBundle(
    base: string,
    entry: CertificateEntry,
    v: CertificateVersion,
    vault: VaultSettings,
): Json {
    const latest = entry.versions[entry.versions.length - 1];
    return {
        id: `${base}/certificates/${entry.name}/${v.version}`,
        kid: `${base}/keys/${entry.name}/${v.version}`,
        sid: `${base}/secrets/${entry.name}/${v.version}`,
        x5t: v.material.x5t.toString("base64url"),
        cer: v.material.leafDer.toString("base64"),
        attributes: attributes(v, vault),
        tags: { ...v.tags },
        policy: policyJson(base, entry, latest),
    };
}

/** CertificateItem (list results): no `cer`, no policy. */
export function certificateItem(
    base: string,
    entry: CertificateEntry,
    v: CertificateVersion,
    versioned: boolean,
    vault: VaultSettings,
): Json {
    return {
        id: versioned ? `${base}/certificates/${entry.name}/${v.version}` : `${base}/certificates/${entry.name}`,
        x5t: v.material.x5t.toString("base64url"),
        attributes: attributes(v, vault),
        tags: { ...v.tags },
    };
}

function deletedFields(base: string, deleted: DeletedEntry): Json {
    return {
        recoveryId: `${base}/deletedcertificates/${deleted.entry.name}`,
        scheduledPurgeDate: deleted.scheduledPurgeDate,
        deletedDate: deleted.deletedDate,
    };
}

export function deletedCertificateBundle(base: string, deleted: DeletedEntry, vault: VaultSettings): Json {
    const entry = deleted.entry;
    const latest = entry.versions[entry.versions.length - 1];
    return { ...certificateBundle(base, entry, latest, vault), ...deletedFields(base, deleted) };
}

export function deletedCertificateItem(base: string, deleted: DeletedEntry, vault: VaultSettings): Json {
    const entry = deleted.entry;
    const latest = entry.versions[entry.versions.length - 1];
    return { ...certificateItem(base, entry, latest, false, vault), ...deletedFields(base, deleted) };
}

export function secretBundle(base: string, entry: CertificateEntry, v: CertificateVersion, vault: VaultSettings): Json {
    return {
        value: v.secretValue,
        contentType: v.secretContentType,
        id: `${base}/secrets/${entry.name}/${v.version}`,
        kid: `${base}/keys/${entry.name}/${v.version}`,
        managed: true,
        attributes: attributes(v, vault),
        tags: { ...v.tags },
    };
}
