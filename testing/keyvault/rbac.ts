/**
 * Azure RBAC data actions per Key Vault operation, and per-identity denials.
 * Action names from the resource provider operations list:
 * https://learn.microsoft.com/azure/role-based-access-control/permissions/security#microsoftkeyvault
 * (listing versions and reading deleted certificates are covered by
 * `certificates/read`; there is no separate list-versions or deleted-certificates action.)
 */
import type { KeyVaultOperation } from "./faults";

const CERTIFICATES = "Microsoft.KeyVault/vaults/certificates";

export const DATA_ACTIONS = {
    read: `${CERTIFICATES}/read`,
    import: `${CERTIFICATES}/import/action`,
    update: `${CERTIFICATES}/update/action`,
    delete: `${CERTIFICATES}/delete`,
    purge: `${CERTIFICATES}/purge/action`,
    recover: `${CERTIFICATES}/recover/action`,
    getSecret: "Microsoft.KeyVault/vaults/secrets/getSecret/action",
} as const;

export type KeyVaultDataAction = (typeof DATA_ACTIONS)[keyof typeof DATA_ACTIONS];

export const OPERATION_ACTIONS: Readonly<Record<KeyVaultOperation, KeyVaultDataAction>> = {
    import: DATA_ACTIONS.import,
    getCertificate: DATA_ACTIONS.read,
    getVersion: DATA_ACTIONS.read,
    listVersions: DATA_ACTIONS.read,
    getPolicy: DATA_ACTIONS.read,
    listCertificates: DATA_ACTIONS.read,
    getDeleted: DATA_ACTIONS.read,
    listDeleted: DATA_ACTIONS.read,
    update: DATA_ACTIONS.update,
    delete: DATA_ACTIONS.delete,
    purge: DATA_ACTIONS.purge,
    recover: DATA_ACTIONS.recover,
    getSecret: DATA_ACTIONS.getSecret,
};

export interface Caller {
    oid?: string;
    appid?: string;
    tid?: string;
}

/** Identity "*" denies everyone; otherwise an identity is an object id or an app (client) id. */
export class RbacRules {
    private readonly denied = new Map<string, Set<string>>();

    deny(identity: string, action: string): void {
        const set = this.denied.get(identity) ?? new Set<string>();
        set.add(action);
        this.denied.set(identity, set);
    }

    allow(identity: string, action: string): void {
        this.denied.get(identity)?.delete(action);
    }

    clear(): void {
        this.denied.clear();
    }

    isDenied(caller: Caller, action: string): boolean {
        const ids = ["*", caller.oid, caller.appid].filter((id): id is string => typeof id === "string");
        return ids.some((id) => this.denied.get(id)?.has(action) === true);
    }
}
