/**
 * Key Vault's part of the deploy transaction: every import is a new version
 * (tags sent on each, as tags belong to a version); rollback imports the
 * recorded certificate and key from state as one more version. The newest
 * version is never disabled (version-less reads would then fail).
 */
import type { KeyVaultCertificateOutputs } from "../../sdk/schema-types";
import { CertdeployError } from "../deploy/errors";
import { tagsWithProvenance } from "../deploy/provenance";
import type { Identity, TargetSteps } from "../deploy/transaction";
import type { MaterialBundle } from "../material/bundle";
import { readBundle } from "../material/bundle";
import type { KeyVaultApi, LiveVersion } from "./client";
import { buildPfx } from "./pfx";

async function importBundle(api: KeyVaultApi, name: string, bundle: MaterialBundle, tags: Record<string, string>): Promise<LiveVersion> {
    const pfx = await buildPfx(bundle.key.keyObject.export({ type: "pkcs8", format: "der" }), [bundle.leaf.der, ...bundle.chain.map((c) => c.der)]);
    return api.importPfx(name, pfx.bytes, pfx.password, tags);
}

export interface KeyVaultStepArgs {
    api: KeyVaultApi;
    name: string;
    bundle: MaterialBundle;
    tags: Record<string, string>;
    target: string;
    vaultUrl: string;
    recorded?: Identity;
    previous?: KeyVaultCertificateOutputs;
    overwriteDrift: boolean;
    /** What snapshot saw, for the owner checks the provider makes before importing; answers what is live then (a recovered name reads again). */
    onSnapshot: (live: LiveVersion | undefined) => Promise<LiveVersion | undefined>;
    onImported: (version: LiveVersion) => void;
}

export function keyVaultSteps(args: KeyVaultStepArgs): TargetSteps {
    const { api, name, bundle } = args;
    let snapshot: LiveVersion | undefined;
    return {
        targetType: "AzureKeyVault",
        target: args.target,
        intended: { serial: bundle.leaf.serial, thumbprint: bundle.leaf.thumbprintSha1 },
        recorded: args.recorded,
        overwriteDrift: args.overwriteDrift,
        snapshot: async () => {
            snapshot = await args.onSnapshot(await api.latest(name));
            return snapshot;
        },
        // Already live: an interrupted run of this deployment imported it; no second version.
        importIntended: async (alreadyLive) => args.onImported(alreadyLive && snapshot ? snapshot : await importBundle(api, name, bundle, args.tags)),
        readLive: () => api.latest(name),
        restoreRecorded: args.previous ? () => restoreFromState(api, name, args.previous!) : undefined,
        recoveryHint: () =>
            `run \`pulumi refresh\` to record the live version, then \`pulumi up\`; or import the previous PFX by hand: az keyvault certificate import --vault-name ${new URL(args.vaultUrl).hostname.split(".")[0]} --name ${name} --file previous.pfx`,
        apiCalls: api.apiCalls,
    };
}

/** Imports the certificate and key recorded in state as a new version, with the tags it had. */
async function restoreFromState(api: KeyVaultApi, name: string, previous: KeyVaultCertificateOutputs): Promise<void> {
    const { bundle } = readBundle({ certificatePem: previous.certificatePem, privateKeyPem: previous.privateKeyPem, chainPem: previous.chainPem }, new Date(0));
    if (!bundle || !bundle.key.spki.equals(bundle.leaf.spki)) {
        throw new CertdeployError(`the previous certificate's key is not in state (the certificate was changed outside Pulumi), so it cannot be re-imported`);
    }
    await importBundle(api, name, bundle, tagsWithProvenance(previous.tags, previous.certificateId));
}
