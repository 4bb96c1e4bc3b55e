/**
 * A certificate name that is soft-deleted cannot take a new version (409
 * ObjectIsDeletedButRecoverable) until it is recovered or purged. By default
 * certdeploy stops with instructions; with `recoverSoftDeleted: true` it
 * recovers the name (all its versions and their tags come back), waits until
 * the recovery has finished, and the deployment then imports onto it as onto
 * any live name. Ownership is judged on the deleted certificate's tags before
 * anything is recovered: another stack's certificate is never brought back.
 * learn.microsoft.com/azure/key-vault/general/key-vault-recovery
 *
 *   await settleSoftDeletedName({ api, name: "api-prod", target, ...softDeletedRules(inputs, olds) });
 *   // soft-deleted "api-prod" (ours) with recoverSoftDeleted: the recovered latest version, once it reads again;
 *   // not soft-deleted: undefined
 */
import type { KeyVaultCertificateInputs } from "../../sdk/schema-types";
import { CERTIFICATE_ID_TAG, foreignOwner } from "../deploy/provenance";
import { AbortedBeforeImport } from "../deploy/transaction";
import type { KeyVaultApi, LiveVersion } from "./client";

export interface SoftDeletedName {
    api: Pick<KeyVaultApi, "deleted" | "recover">;
    name: string;
    /** How errors name the resource, e.g. `KeyVaultCertificate "p/s/agw" (https://v.vault.azure.net/certificates/api-prod)`. */
    target: string;
    /** The recoverSoftDeleted input. */
    recover: boolean;
    /** A create looks for a soft-deleted name to refuse it; an update looks only when it may recover (as before this option). */
    creating: boolean;
    certificateId: string;
    overwriteDrift: boolean;
}

/** The refusal when recovering was not asked for: what to run by hand. */
export const softDeletedMessage = (target: string, name: string): string =>
    `${target} is soft-deleted (ObjectIsDeletedButRecoverable), so no version can be imported. Either recover it (az keyvault certificate recover --vault-name <vault> --name ${name}) and run pulumi refresh/up, or purge it (az keyvault certificate purge --vault-name <vault> --name ${name}) to start fresh`;

/** The decisions the resource's inputs make; `olds` is the state of an update, undefined on create. */
export function softDeletedRules(
    inputs: Pick<KeyVaultCertificateInputs, "recoverSoftDeleted" | "certificateId" | "overwriteDrift">,
    olds: object | undefined,
): Pick<SoftDeletedName, "recover" | "creating" | "certificateId" | "overwriteDrift"> {
    return {
        recover: inputs.recoverSoftDeleted === true,
        creating: olds === undefined,
        certificateId: inputs.certificateId ?? "",
        overwriteDrift: inputs.overwriteDrift === true,
    };
}

/**
 * Called when the name has no live version. Undefined when it is not soft-deleted either; otherwise
 * refuses (recover false, or a certificate that is not ours) or recovers it and answers the recovered
 * latest version once the recovery has finished. A denied recovery names the RBAC data action
 * (certificates/recover/action) through the client's errors.
 */
export async function settleSoftDeletedName(args: SoftDeletedName): Promise<LiveVersion | undefined> {
    if (!args.creating && !args.recover) return undefined;
    const deleted = await args.api.deleted(args.name);
    if (!deleted) return undefined;
    if (!args.recover) throw new AbortedBeforeImport(softDeletedMessage(args.target, args.name));
    const owner = foreignOwner(deleted.tags, args.certificateId);
    if (owner) {
        throw new AbortedBeforeImport(
            `${args.target} is soft-deleted and belongs to certificateId "${owner}"; recoverSoftDeleted does not bring back another stack's certificate — pick another certificateName`,
        );
    }
    const unmanaged = deleted.tags[CERTIFICATE_ID_TAG] === undefined;
    if (unmanaged && !args.overwriteDrift) {
        throw new AbortedBeforeImport(
            `${args.target} is soft-deleted and was not managed by certdeploy; set overwriteDrift: true as well to recover it and add a version to it, or choose another certificateName`,
        );
    }
    return args.api.recover(args.name);
}
