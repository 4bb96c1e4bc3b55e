/** Turns Key Vault errors into messages that name the resource, the call and the missing RBAC data action. */
import { describeError } from "../deploy/errors";

export interface RestErrorShape {
    statusCode?: number;
    code?: string;
    message?: string;
}

const asRest = (e: unknown): RestErrorShape => (typeof e === "object" && e !== null ? e : {});
export const statusOf = (e: unknown): number | undefined => asRest(e).statusCode;

/** Data actions per operation (learn.microsoft.com/azure/key-vault/general/rbac-guide). */
export const DATA_ACTIONS: Record<string, string> = {
    importCertificate: "Microsoft.KeyVault/vaults/certificates/import/action",
    getCertificate: "Microsoft.KeyVault/vaults/certificates/read",
    getCertificateVersion: "Microsoft.KeyVault/vaults/certificates/read",
    listVersions: "Microsoft.KeyVault/vaults/certificates/read",
    updateCertificateProperties: "Microsoft.KeyVault/vaults/certificates/update/action",
    deleteCertificate: "Microsoft.KeyVault/vaults/certificates/delete",
    getDeletedCertificate: "Microsoft.KeyVault/vaults/certificates/read",
    purgeDeletedCertificate: "Microsoft.KeyVault/vaults/certificates/purge/action",
    recoverDeletedCertificate: "Microsoft.KeyVault/vaults/certificates/recover/action",
};

/** @azure/identity's errors when no token could be obtained (Key Vault was not reached with one). */
const TOKEN_ERRORS = new Set([
    "AuthenticationRequiredError",
    "AuthenticationError",
    "CredentialUnavailableError",
    "AggregateAuthenticationError",
]);
const nameOf = (e: unknown): string => (e instanceof Error ? e.name : "");

export function explainKeyVaultError(e: unknown, operation: string, target: string): string {
    if (TOKEN_ERRORS.has(nameOf(e))) {
        return `${operation} on ${target}: no token for the vault could be obtained; check credentialMode, the identity's tenant and, for a US Government or China vault, that AZURE_AUTHORITY_HOST is unset or names that cloud's authority (${describeError(e)})`;
    }
    const status = statusOf(e);
    if (status === 403) {
        const named = /Action:\s*'([^']+)'/.exec(asRest(e).message ?? "")?.[1];
        const action = named ?? DATA_ACTIONS[operation] ?? "the data action for this operation";
        return `${operation} on ${target} was forbidden: grant the RBAC data action ${action} (e.g. the "Key Vault Certificates Officer" role) on the vault to the deploying identity (${describeError(e)})`;
    }
    if (status === 401)
        return `${operation} on ${target}: the credential was refused; check credentialMode and the identity's tenant (${describeError(e)})`;
    if (status === 429)
        return `${operation} on ${target} was throttled after the SDK's retries; lower pulumi up --parallel and try again (${describeError(e)})`;
    return `${operation} on ${target} failed: ${describeError(e)}`;
}
