/**
 * One vault's certificates: live entries with their ordered versions, and
 * soft-deleted entries. Pure in-memory model; HTTP lives in requestHandler.ts.
 *
 * Rules modelled (DESIGN.md §6):
 * - every import appends a new, permanent version; the newest is "latest";
 * - tags and `enabled` belong to a version and are not carried forward;
 * - delete is a soft delete of the whole certificate (all versions);
 *   the name then answers 409 ObjectIsDeletedButRecoverable until purged or recovered;
 * - recovery is a long-running operation: the SDK's poller waits until the certificate reads again
 *   ("This operation returns a long running operation poller that allows you to wait indefinitely
 *   until the certificate is recovered", CertificateClient.beginRecoverDeletedCertificate). Until
 *   then reads answer 404 and, by our assumption (undocumented), an import answers 409.
 * https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview
 */
import { randomBytes } from "node:crypto";
import {
    conflictExists,
    deletedButRecoverable,
    deletedCertificateNotFound,
    certificateNotFound,
    recoveryInProgress,
} from "./errors";
import type { CertificateMaterial } from "./certificate-material";

export type VersionSource = "import" | "outOfBand" | "racer";

/** What the import request body looked like on the wire (never the key material). */
export interface ImportWireShape {
    /** `policy` key present in the JSON body. */
    policySent: boolean;
    /** `policy.secret_props.contentType`, undefined when the client sent none. */
    contentType?: string;
    passwordSent: boolean;
    tagsSent: boolean;
    /** The `value` started with "-----BEGIN" (PEM text rather than base64). */
    valueLooksLikePem: boolean;
}

export interface CertificateVersion {
    version: string;
    material: CertificateMaterial;
    /** The secret Key Vault keeps next to the certificate: the imported PFX (base64) or PEM text. */
    secretValue: string;
    secretContentType: string;
    wire?: ImportWireShape;
    tags: Record<string, string>;
    enabled: boolean;
    /** Unix seconds, as Key Vault reports them. */
    created: number;
    updated: number;
    source: VersionSource;
}

export interface CertificateEntry {
    name: string;
    versions: CertificateVersion[];
    policyCreated: number;
    policyUpdated: number;
}

export interface DeletedEntry {
    entry: CertificateEntry;
    deletedDate: number;
    scheduledPurgeDate: number;
    /** Epoch ms before which GET /deletedcertificates/{name} still answers 404 (deletion in progress). */
    visibleAfterMs: number;
}

export interface NewVersion {
    material: CertificateMaterial;
    secretValue: string;
    secretContentType: string;
    wire?: ImportWireShape;
    tags: Record<string, string>;
    enabled: boolean;
    source: VersionSource;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export class VaultState {
    private readonly live = new Map<string, CertificateEntry>();
    private readonly deletedEntries = new Map<string, DeletedEntry>();
    /** Entries whose recovery is in progress, with the epoch ms at which they read again. */
    private readonly recovering = new Map<string, { entry: CertificateEntry; liveAfterMs: number }>();

    constructor(
        private readonly settings: { recoverableDays: number; deletionDelayMs: number; recoveryDelayMs?: number },
    ) {}

    find(name: string): CertificateEntry | undefined {
        this.finishRecovery(name);
        return this.live.get(name.toLowerCase());
    }

    /** True while a recovery of `name` has been accepted but has not finished. */
    isRecovering(name: string): boolean {
        this.finishRecovery(name);
        return this.recovering.has(name.toLowerCase());
    }

    private finishRecovery(name: string): void {
        const pending = this.recovering.get(name.toLowerCase());
        if (!pending || pending.liveAfterMs > Date.now()) return;
        this.recovering.delete(name.toLowerCase());
        this.live.set(name.toLowerCase(), pending.entry);
    }

    findDeleted(name: string): DeletedEntry | undefined {
        return this.deletedEntries.get(name.toLowerCase());
    }

    /** Live entry or 404 CertificateNotFound. */
    require(name: string): CertificateEntry {
        const entry = this.find(name);
        if (!entry || entry.versions.length === 0) throw certificateNotFound(name);
        return entry;
    }

    latest(name: string): CertificateVersion | undefined {
        const versions = this.find(name)?.versions;
        return versions?.[versions.length - 1];
    }

    version(name: string, version: string): CertificateVersion {
        const found = this.require(name).versions.find((v) => v.version === version.toLowerCase());
        if (!found) throw certificateNotFound(name, version);
        return found;
    }

    entries(): CertificateEntry[] {
        return [...this.live.values()];
    }

    deletedList(): DeletedEntry[] {
        return [...this.deletedEntries.values()].filter((d) => d.visibleAfterMs <= Date.now());
    }

    addVersion(name: string, input: NewVersion): CertificateVersion {
        if (this.findDeleted(name)) throw deletedButRecoverable(name);
        if (this.isRecovering(name)) throw recoveryInProgress(name);
        const now = nowSeconds();
        let entry = this.find(name);
        if (!entry) {
            entry = { name, versions: [], policyCreated: now, policyUpdated: now };
            this.live.set(name.toLowerCase(), entry);
        }
        const version: CertificateVersion = {
            ...input,
            tags: { ...input.tags },
            version: randomBytes(16).toString("hex"),
            created: now,
            updated: now,
        };
        entry.versions.push(version);
        entry.policyUpdated = now;
        return version;
    }

    softDelete(name: string): DeletedEntry {
        const entry = this.require(name);
        const deletedDate = nowSeconds();
        const deleted: DeletedEntry = {
            entry,
            deletedDate,
            scheduledPurgeDate: deletedDate + this.settings.recoverableDays * 86_400,
            visibleAfterMs: Date.now() + this.settings.deletionDelayMs,
        };
        this.live.delete(name.toLowerCase());
        this.deletedEntries.set(name.toLowerCase(), deleted);
        return deleted;
    }

    /** The deleted entry, or 404 while absent or still being deleted. */
    requireDeleted(name: string): DeletedEntry {
        const deleted = this.findDeleted(name);
        if (!deleted || deleted.visibleAfterMs > Date.now()) throw deletedCertificateNotFound(name);
        return deleted;
    }

    purge(name: string): void {
        this.requireDeleted(name);
        this.deletedEntries.delete(name.toLowerCase());
    }

    /** Accepts the recovery; the entry reads again after `recoveryDelayMs` (default at once). */
    recover(name: string): CertificateEntry {
        const deleted = this.requireDeleted(name);
        if (this.find(name)) throw conflictExists(name);
        this.deletedEntries.delete(name.toLowerCase());
        this.recovering.set(name.toLowerCase(), {
            entry: deleted.entry,
            liveAfterMs: Date.now() + (this.settings.recoveryDelayMs ?? 0),
        });
        this.finishRecovery(name);
        return deleted.entry;
    }
}
