/**
 * Key Vault error responses, shaped as the service sends them:
 *   { "error": { "code": "...", "message": "...", "innererror": { "code": "..." } } }
 * https://learn.microsoft.com/azure/key-vault/general/rest-error-codes
 */

export interface KeyVaultErrorBody {
    error: { code: string; message: string; innererror?: { code: string } };
}

/** Thrown by emulator operations; the handler turns it into the HTTP response. */
export class KeyVaultHttpError extends Error {
    readonly isKeyVaultHttpError = true;
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly innerCode?: string,
        readonly headers: Record<string, string> = {},
    ) {
        super(message);
        this.name = "KeyVaultHttpError";
    }

    static isInstance(value: unknown): value is KeyVaultHttpError {
        return (
            typeof value === "object" &&
            value !== null &&
            (value as { isKeyVaultHttpError?: unknown }).isKeyVaultHttpError === true
        );
    }

    body(): KeyVaultErrorBody {
        return {
            error: {
                code: this.code,
                message: this.message,
                ...(this.innerCode ? { innererror: { code: this.innerCode } } : {}),
            },
        };
    }
}

const HELP_LINK = "For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182";

export function certificateNotFound(name: string, version?: string): KeyVaultHttpError {
    const what = version ? `A certificate with (name/id) ${name}/${version}` : `A certificate with (name/id) ${name}`;
    return new KeyVaultHttpError(
        404,
        "CertificateNotFound",
        `${what} was not found in this key vault. If you recently deleted this certificate you may be able to recover it using the correct recovery command. ${HELP_LINK}`,
    );
}

export function secretNotFound(name: string, version?: string): KeyVaultHttpError {
    return new KeyVaultHttpError(
        404,
        "SecretNotFound",
        `A secret with (name/id) ${version ? `${name}/${version}` : name} was not found in this key vault. ${HELP_LINK}`,
    );
}

export function deletedCertificateNotFound(name: string): KeyVaultHttpError {
    return new KeyVaultHttpError(404, "CertificateNotFound", `Deleted Certificate not found: ${name}`);
}

/** Import/recover onto a name that is soft-deleted (DESIGN.md §6). */
export function deletedButRecoverable(name: string): KeyVaultHttpError {
    return new KeyVaultHttpError(
        409,
        "Conflict",
        `Certificate ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the certificate can only be recovered or purged.`,
        "ObjectIsDeletedButRecoverable",
    );
}

/** Import onto a name whose recovery has not finished (our assumption: the service documents no code for it). */
export function recoveryInProgress(name: string): KeyVaultHttpError {
    return new KeyVaultHttpError(
        409,
        "Conflict",
        `Certificate ${name} is currently being recovered; wait until the recovery has finished.`,
    );
}

export function conflictExists(name: string): KeyVaultHttpError {
    return new KeyVaultHttpError(409, "Conflict", `Certificate ${name} already exists; it cannot be recovered over.`);
}

export function badParameter(message: string): KeyVaultHttpError {
    return new KeyVaultHttpError(400, "BadParameter", message);
}

/** Purge under purge protection. https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview#purge-protection */
export function purgeProtected(name: string, vaultName: string): KeyVaultHttpError {
    return new KeyVaultHttpError(
        403,
        "Forbidden",
        `Operation "purge" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed.\r\nVault: ${vaultName}; Certificate: ${name}`,
        "ForbiddenByPolicy",
    );
}

export interface RbacDenial {
    caller: { appid?: string; oid?: string; tid?: string };
    action: string;
    resource: string;
    vaultName: string;
    location: string;
}

/** 403 as Key Vault's RBAC sends it: code Forbidden, innererror ForbiddenByRbac, caller and action named. */
export function forbiddenByRbac(denial: RbacDenial): KeyVaultHttpError {
    const { caller } = denial;
    const message = [
        "Caller is not authorized to perform action on resource.",
        "If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.",
        `Caller: appid=${caller.appid ?? ""};oid=${caller.oid ?? ""};iss=https://sts.windows.net/${caller.tid ?? ""}/`,
        `Action: '${denial.action}'`,
        `Resource: '${denial.resource}'`,
        "Assignment: (not found)",
        "DenyAssignmentId: null",
        "DecisionReason: 'DeniedWithNoValidRBAC' ",
        `Vault: ${denial.vaultName};location=${denial.location}`,
        "",
    ].join("\r\n");
    return new KeyVaultHttpError(403, "Forbidden", message, "ForbiddenByRbac");
}

export function unauthorized(message: string): KeyVaultHttpError {
    return new KeyVaultHttpError(401, "Unauthorized", message);
}
