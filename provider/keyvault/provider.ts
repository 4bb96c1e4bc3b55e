/**
 * The KeyVaultCertificate dynamic provider. check/diff run during `pulumi preview`
 * and touch nothing remote; create/update run the deploy transaction (a new
 * version per deployment); read is `pulumi refresh`; delete follows deletionPolicy.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { KeyVaultCertificateInputs, KeyVaultCertificateOutputs } from "../../sdk/schema-types";
import { CertdeployError, keepingProviderOnFailure } from "../deploy/errors";
import { CERTIFICATE_ID_TAG, foreignOwner, userTagsOf } from "../deploy/provenance";
import { AbortedBeforeImport } from "../deploy/transaction";
import { deployCertificate, StateWriter } from "../deploy/deploy";
import { CertificateIdentity, describeIdentity, identityOf, sameCertificate } from "../deploy/identity";
import { verifyPolicyFromEnv } from "../deploy/verify";
import type { MaterialBundle } from "../material/bundle";
import { sameTags } from "../material/compare";
import { checkInputs } from "../validate/check-inputs";
import { logWarnings, refuseInvalid, toFailures } from "../validate/failures";
import { KEY_VAULT_RULES } from "../validate/keyvault-inputs";
import { changedInputs, SameValue } from "../validate/changed-inputs";
import { definedOnly, withoutProvider } from "../validate/strip";
import { KeyVaultApi, KeyVaultCallError, LiveVersion } from "./client";
import { credentialFor } from "./credential";
import { keyVaultIds } from "./ids";
import { atVersion, keyVaultOutputs, migrateKeyVaultState, recordedKeyVaultIdentity, withLiveVersion } from "./state";
import { keyVaultSteps, versionTags } from "./steps";

const rules = KEY_VAULT_RULES;

const describeTarget = (i: Partial<KeyVaultCertificateInputs>): string =>
    `KeyVaultCertificate "${i.certificateId ?? "?"}" (${i.vaultUrl ?? "?"}/certificates/${i.certificateName ?? "?"})`;

function checkedForApply(news: Record<string, unknown>): { inputs: KeyVaultCertificateInputs; bundle: MaterialBundle } {
    const checked = checkInputs(rules, news);
    refuseInvalid(describeTarget(checked.known), checked.problems);
    if (!checked.bundle) throw new CertdeployError(`${describeTarget(checked.known)}: certificate material is missing`);
    return { inputs: withoutProvider<KeyVaultCertificateInputs>(checked.known), bundle: checked.bundle };
}

function apiFor(inputs: KeyVaultCertificateInputs): KeyVaultApi {
    const target = describeTarget(inputs);
    return new KeyVaultApi(inputs.vaultUrl, credentialFor(inputs.credentialMode ?? "default", inputs.clientId, inputs.tenantId, target), () => target);
}

const REPLACE_ON_CHANGE = ["vaultUrl", "certificateName"];
const normalisedUrl = (v: unknown): unknown => (typeof v === "string" ? v.replace(/\/+$/, "").toLowerCase() : v);
/** Vault URLs ignore a trailing slash and case; certificate names are case-insensitive. */
const KEY_VAULT_EQUALITIES: Record<string, SameValue> = {
    vaultUrl: (a, b) => normalisedUrl(a) === normalisedUrl(b),
    certificateName: (a, b) => (typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b),
};

export const keyVaultProvider: pulumi.dynamic.ResourceProvider = {
    /** pulumi preview/up: validates inputs offline; one CheckFailure per problem. */
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
        const checked = checkInputs(rules, news);
        logWarnings(describeTarget(checked.known), checked.problems);
        return { inputs: news, failures: toFailures(checked.problems) };
    },

    /** pulumi preview/up: what changed; a new vault or name is a new resource. Offline. */
    async diff(_id: string, oldProps: Record<string, unknown>, news: Record<string, unknown>) {
        const olds = migrateKeyVaultState(oldProps) as unknown as Record<string, unknown>;
        const changed = changedInputs("certdeploy:index:KeyVaultCertificate", olds, news, KEY_VAULT_EQUALITIES);
        return {
            changes: changed.length > 0,
            replaces: changed.filter((k) => REPLACE_ON_CHANGE.includes(k)),
            stables: ["versionlessId", "versionlessSecretId"],
            deleteBeforeReplace: false,
        };
    },

    /** pulumi up (new resource): import the first version (or adopt our own leftover). */
    async create(news: Record<string, unknown>) {
        return keepingProviderOnFailure(news, () => {
            const { inputs, bundle } = checkedForApply(news);
            return deploy(inputs, bundle, undefined);
        });
    },

    /** pulumi up (changed inputs): tags only → update the version's tags; new certificate → new verified version. */
    async update(_id: string, oldProps: Record<string, unknown>, news: Record<string, unknown>) {
        return keepingProviderOnFailure(news, () => updateKeyVault(oldProps, news));
    },

    /** pulumi refresh: the live latest version; drift shows as another certificate; gone → removed from state. */
    async read(id: string, props: Record<string, unknown>) {
        const state = migrateKeyVaultState(props);
        const live = await apiFor(state).latest(state.certificateName);
        if (!live) return { id: "", props: {} };
        const userTags = userTagsOf(live.tags);
        const recorded = recordedKeyVaultIdentity(state);
        const base: KeyVaultCertificateOutputs = { ...state, tags: Object.keys(userTags).length > 0 || state.tags ? userTags : undefined };
        let refreshed: KeyVaultCertificateOutputs;
        if (recorded && sameCertificate(recorded, live).same) {
            refreshed = atVersion(base, live);
        } else {
            refreshed = withLiveVersion(base, live);
            console.error(
                `warning: ${describeTarget(state)}: version ${live.version} (${describeIdentity(live)}) is latest, state had ${state.version}; it was written outside Pulumi${live.tags[CERTIFICATE_ID_TAG] === state.certificateId ? "" : " and does not carry our provenance tag"}`,
            );
        }
        return { id, props: definedOnly(refreshed) };
    },

    /** pulumi destroy / replacement: softDelete (default), purge, or retain. */
    async delete(_id: string, props: Record<string, unknown>) {
        const state = migrateKeyVaultState(props);
        const policy = state.deletionPolicy ?? "softDelete";
        if (policy === "retain") return;
        const api = apiFor(state);
        try {
            await api.softDelete(state.certificateName);
        } catch (e) {
            if (!(e instanceof KeyVaultCallError && e.status === 404)) throw e;
        }
        if (policy === "purge") {
            try {
                await api.purge(state.certificateName);
            } catch (e) {
                if (e instanceof KeyVaultCallError && e.status === 403) {
                    throw new CertdeployError(
                        `${describeTarget(state)} was soft-deleted but not purged: ${e.message}. If the vault has purge protection, purging is impossible until the retention period ends; set deletionPolicy: "softDelete"`,
                    );
                }
                throw e;
            }
        }
    },
};

/** How each truth the transaction can end with becomes KeyVaultCertificate state. */
function keyVaultWriter(inputs: KeyVaultCertificateInputs, bundle: MaterialBundle, olds?: KeyVaultCertificateOutputs): StateWriter<string, KeyVaultCertificateOutputs> {
    const liveVersion = (live: CertificateIdentity | undefined): LiveVersion | undefined => (live && "thumbprint" in live ? (live as LiveVersion) : undefined);
    return {
        intended: (_name, deployment, live) => keyVaultOutputs(inputs, bundle, live?.version ?? olds?.version ?? "", deployment),
        recorded: (_name, deployment, live) => {
            const v = liveVersion(live);
            return { ...(v ? atVersion(olds!, v) : olds!), lastDeployment: deployment };
        },
        observed: (_name, deployment, live) => {
            const v = liveVersion(live);
            const base = { ...(olds ?? keyVaultOutputs(inputs, bundle, "", deployment)), lastDeployment: deployment };
            return v ? withLiveVersion(base, v) : base;
        },
    };
}

/** Runs one create (olds undefined) or update through the core: fast path, transaction, state. */
async function deploy(
    inputs: KeyVaultCertificateInputs,
    bundle: MaterialBundle,
    olds: KeyVaultCertificateOutputs | undefined,
): Promise<{ id: string; outs: KeyVaultCertificateOutputs }> {
    const target = describeTarget(inputs);
    const certificateId = inputs.certificateId ?? "";
    const intended = identityOf(bundle.leaf, bundle.chain);
    const tags = versionTags(inputs.tags, certificateId, bundle);
    const id = keyVaultIds(inputs.vaultUrl, inputs.certificateName, "").versionlessId;
    const recorded = olds ? recordedKeyVaultIdentity(olds) : undefined;
    const deployed = await deployCertificate<string, KeyVaultCertificateOutputs>({
        recorded,
        intended,
        unchanged: olds
            ? {
                  tagsChanged: !sameTags(olds.tags, inputs.tags) || olds.certificateId !== inputs.certificateId,
                  updateTags: () => apiFor(inputs).updateTags(inputs.certificateName, olds.version, tags),
                  state: () => keyVaultOutputs(inputs, bundle, olds.version, olds.lastDeployment),
              }
            : undefined,
        steps: () => {
            const api = apiFor(inputs);
            return keyVaultSteps({
                api,
                name: inputs.certificateName,
                bundle,
                intended,
                target,
                vaultUrl: inputs.vaultUrl,
                tags,
                recorded,
                previous: olds,
                overwriteDrift: inputs.overwriteDrift === true,
                checkSnapshot: async (live) => {
                    if (olds !== undefined) return checkOwner(live, inputs);
                    checkCreateTarget(live, inputs);
                    if (!live && (await api.isSoftDeleted(inputs.certificateName))) throw new AbortedBeforeImport(softDeletedMessage(target, inputs.certificateName));
                },
            });
        },
        policy: verifyPolicyFromEnv(),
        id: () => id,
        write: keyVaultWriter(inputs, bundle, olds),
        target,
    });
    return { id, outs: deployed.outs };
}

/** Create: a name owned by another certificateId or by nobody is refused; our own leftover (a repeated create) is resumed by the core. */
function checkCreateTarget(live: LiveVersion | undefined, inputs: KeyVaultCertificateInputs): void {
    if (!live) return;
    const target = describeTarget(inputs);
    const owner = foreignOwner(live.tags, inputs.certificateId ?? "");
    if (owner) throw new AbortedBeforeImport(`${target} belongs to certificateId "${owner}"; two stacks must not manage one certificate name — pick another certificateName`);
    if (live.tags[CERTIFICATE_ID_TAG] === undefined && inputs.overwriteDrift !== true) {
        throw new AbortedBeforeImport(
            `${target} already exists and is not managed by certdeploy; choose another certificateName, or set overwriteDrift: true to add a version to it`,
        );
    }
}

function checkOwner(live: LiveVersion | undefined, inputs: KeyVaultCertificateInputs): undefined {
    const owner = live ? foreignOwner(live.tags, inputs.certificateId ?? "") : undefined;
    if (owner && inputs.overwriteDrift !== true)
        throw new AbortedBeforeImport(`${describeTarget(inputs)}: the latest version belongs to certificateId "${owner}"; two stacks must not manage one certificate name`);
    return undefined;
}

const softDeletedMessage = (target: string, name: string): string =>
    `${target} is soft-deleted (ObjectIsDeletedButRecoverable), so no version can be imported. Either recover it (az keyvault certificate recover --vault-name <vault> --name ${name}) and run pulumi refresh/up, or purge it (az keyvault certificate purge --vault-name <vault> --name ${name}) to start fresh`;

/** Same certificate (leaf and chain) → update the version's tags; a new certificate or chain → a new verified version. */
async function updateKeyVault(oldProps: Record<string, unknown>, news: Record<string, unknown>): Promise<{ outs: KeyVaultCertificateOutputs }> {
    const olds = migrateKeyVaultState(oldProps);
    const { inputs, bundle } = checkedForApply(news);
    return { outs: (await deploy(inputs, bundle, olds)).outs };
}
