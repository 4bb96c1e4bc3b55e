/**
 * Key Vault's part of the deploy transaction, located by certificate name:
 * every import is a new version (tags sent on each, as tags belong to a
 * version, with the chain digest among them); rollback imports the recorded
 * certificate and key from state as one more version. The newest version is
 * never disabled (version-less reads would then fail). A rotation is
 * getCertificate → import → getCertificate, 3 calls.
 */
import type { KeyVaultCertificateOutputs } from "../../sdk/schema-types";
import { CertdeployError, describeError } from "../deploy/errors";
import type { CertificateIdentity } from "../deploy/identity";
import { chainDigest } from "../deploy/identity";
import { CHAIN_DIGEST_TAG, tagsWithProvenance } from "../deploy/provenance";
import type { TargetSteps } from "../deploy/transaction";
import type { MaterialBundle } from "../material/bundle";
import { readBundle } from "../material/bundle";
import { KeyVaultApi, KeyVaultCallError, LiveVersion } from "./client";
import { buildPfx } from "./pfx";

/** The tags of one version: the user's, provenance and claim, and the digest of the chain inside its PFX. */
export const versionTags = (
    userTags: Record<string, string> | undefined,
    certificateId: string,
    bundle: MaterialBundle,
    claim: string | undefined,
): Record<string, string> => ({
    ...tagsWithProvenance(userTags, certificateId, claim),
    [CHAIN_DIGEST_TAG]: chainDigest(bundle.chain.map((c) => c.der)),
});

/** Imports one version; answers the version Key Vault says it created. */
async function importBundle(
    api: KeyVaultApi,
    name: string,
    bundle: MaterialBundle,
    tags: Record<string, string>,
): Promise<LiveVersion> {
    const pfx = await buildPfx(bundle.key.keyObject.export({ type: "pkcs8", format: "der" }), [
        bundle.leaf.der,
        ...bundle.chain.map((c) => c.der),
    ]);
    return api.importPfx(name, pfx.bytes, pfx.password, tags);
}

export interface KeyVaultStepArgs {
    api: KeyVaultApi;
    name: string;
    bundle: MaterialBundle;
    intended: CertificateIdentity;
    /** The tags to import with, given what the snapshot found (the claim's origin depends on it). */
    tagsFor: (before: LiveVersion | undefined) => Record<string, string>;
    target: string;
    vaultUrl: string;
    recorded?: CertificateIdentity;
    previous?: KeyVaultCertificateOutputs;
    overwriteDrift: boolean;
    /** The owner checks the provider makes on what snapshot saw, before anything is imported; answers what is live then (a recovered soft-deleted name reads again). */
    checkSnapshot: (live: LiveVersion | undefined) => Promise<LiveVersion | undefined>;
}

export function keyVaultSteps(args: KeyVaultStepArgs): TargetSteps<string, LiveVersion> {
    const { api, name, bundle } = args;
    /** Whether the snapshot found a version (then a failed create leaves the name as it is). */
    let foundBefore: boolean | undefined;
    return {
        targetType: "AzureKeyVault",
        target: args.target,
        intended: args.intended,
        recorded: args.recorded,
        overwriteDrift: args.overwriteDrift,
        snapshot: async () => {
            const live = await args.checkSnapshot(await api.latest(name));
            foundBefore = live !== undefined;
            return { at: name, live };
        },
        importIntended: async (_name, before) => ({
            at: name,
            answer: await importBundle(api, name, bundle, args.tagsFor(before)),
        }),
        // Tags travel with every import; a version the snapshot found live already (resumed) gets this instance's claim.
        applyTags: async (_name, resumed) => {
            if (resumed) await api.updateTags(name, resumed.version, args.tagsFor(resumed));
        },
        readLive: () => api.latest(name),
        restoreRecorded: args.previous ? () => restoreFromState(api, name, args.previous!) : undefined,
        // A create of a new name that fails (verify, a required serving check): Key Vault cannot delete one version, so the name goes.
        discardFresh: args.previous ? undefined : () => discardNewName(api, name, args.target, foundBefore),
        recoveryHint: () =>
            `run \`pulumi refresh\` to record the live version, then \`pulumi up\`; or import the previous PFX by hand: az keyvault certificate import --vault-name ${new URL(args.vaultUrl).hostname.split(".")[0]} --name ${name} --file previous.pfx`,
        apiCalls: api.apiCalls,
    };
}

/** Imports the certificate and key recorded in state as a new version, with the tags it had. */
async function restoreFromState(
    api: KeyVaultApi,
    name: string,
    previous: KeyVaultCertificateOutputs,
): Promise<LiveVersion> {
    const { bundle } = readBundle(
        { certificatePem: previous.certificatePem, privateKeyPem: previous.privateKeyPem, chainPem: previous.chainPem },
        new Date(0),
    );
    if (!bundle || !bundle.key.spki.equals(bundle.leaf.spki)) {
        throw new CertdeployError(
            `the previous certificate's key is not in state (the certificate was changed outside Pulumi), so it cannot be re-imported`,
        );
    }
    return importBundle(
        api,
        name,
        bundle,
        versionTags(previous.tags, previous.certificateId, bundle, previous.ownershipClaim),
    );
}

/**
 * Removes a name this create brought into being: soft delete, then purge so the
 * next `pulumi up` can create it again. A name that held versions before the
 * create is never removed (the attempt is reported as a failed cleanup). A
 * purge the vault refuses (purge protection, no purge permission) leaves the
 * name soft-deleted, and the warning says how to go on.
 * learn.microsoft.com/azure/key-vault/general/soft-delete-overview
 */
async function discardNewName(
    api: KeyVaultApi,
    name: string,
    target: string,
    foundBefore: boolean | undefined,
): Promise<void> {
    if (foundBefore !== false)
        throw new CertdeployError(`${target} held versions before this create; they are left in place`);
    try {
        await api.softDelete(name);
    } catch (e) {
        if (!(e instanceof KeyVaultCallError && e.status === 404)) throw e;
        return;
    }
    try {
        await api.purge(name);
    } catch (e) {
        console.error(
            `warning: ${target} was soft-deleted but not purged (${describeError(e)}); the next create needs recoverSoftDeleted: true, or purge it (RBAC data action Microsoft.KeyVault/vaults/deletedCertificates/purge/action)`,
        );
    }
}
