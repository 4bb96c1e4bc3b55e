/**
 * The KeyVaultCertificate dynamic provider. check/diff run during `pulumi preview`
 * and touch nothing remote; create/update run the deploy transaction (a new
 * version per deployment); read is `pulumi refresh`; delete follows deletionPolicy.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { KeyVaultCertificateInputs, KeyVaultCertificateOutputs } from "../../sdk/schema-types";
import { CertdeployError, keepingProviderOnFailure } from "../deploy/errors";
import { CERTIFICATE_ID_TAG, CLAIM_TAG, foreignOwner, userTagsOf } from "../deploy/provenance";
import { claimWith, ClaimOrigin, isAdoptedClaim, mayDelete, newClaimId } from "../deploy/ownership";
import { AbortedBeforeImport } from "../deploy/transaction";
import { deployCertificate, StateWriter } from "../deploy/deploy";
import { describeIdentity, identityOf, sameCertificate } from "../deploy/identity";
import { verifyPolicyFromEnv } from "../deploy/verify";
import { servingChecksChanged, servingStepFor } from "../deploy/serving-step";
import type { MaterialBundle } from "../material/bundle";
import { checkInputs } from "../validate/check-inputs";
import { logWarnings, refuseInvalid, toFailures } from "../validate/failures";
import { KEY_VAULT_RULES } from "./inputs";
import { sameTags } from "../deploy/changed-inputs";
import { definedOnly, withoutProvider } from "../deploy/state-props";
import { KeyVaultApi, KeyVaultCallError, LiveVersion } from "./client";
import { credentialFor } from "./credential";
import { keyVaultDiff } from "./diff";
import { keyVaultIds } from "./ids";
import { atVersion, keyVaultOutputs, migrateKeyVaultState, recordedKeyVaultIdentity, withLiveVersion } from "./state";
import { settleSoftDeletedName, softDeletedRules } from "./recover-soft-deleted";
import { keyVaultSteps, versionTags } from "./steps";
import { asReadResult, isReadWithoutState } from "../deploy/imported";
import { readKeyVaultForImport } from "./import-read";

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
    return new KeyVaultApi(
        inputs.vaultUrl,
        credentialFor(inputs.credentialMode ?? "default", inputs, target),
        () => target,
    );
}

export const keyVaultProvider: pulumi.dynamic.ResourceProvider = {
    /** pulumi preview/up: validates inputs offline; one CheckFailure per problem. */
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
        const checked = checkInputs(rules, news);
        logWarnings(describeTarget(checked.known), checked.problems);
        return { inputs: news, failures: toFailures(checked.problems) };
    },

    /** pulumi preview/up: what changed; a new vault or name is a new resource. Offline. */
    async diff(_id: string, oldProps: Record<string, unknown>, news: Record<string, unknown>) {
        return keyVaultDiff(migrateKeyVaultState(oldProps), news);
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
        if (isReadWithoutState(props, ["vaultUrl", "certificateName"]))
            return asReadResult(await readKeyVaultForImport(id)); // pulumi import / get(): no state
        const state = migrateKeyVaultState(props);
        const live = await apiFor(state).latest(state.certificateName);
        if (!live) return { id: "", props: {} };
        const userTags = userTagsOf(live.tags);
        const recorded = recordedKeyVaultIdentity(state);
        const base: KeyVaultCertificateOutputs = {
            ...state,
            tags: Object.keys(userTags).length > 0 || state.tags ? userTags : undefined,
        };
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

    /**
     * pulumi destroy / replacement: softDelete (default for a name this resource created), purge, or retain
     * (default for a name it took over); only while the latest version's claim tag is still this instance's.
     */
    async delete(_id: string, props: Record<string, unknown>) {
        const state = migrateKeyVaultState(props);
        const target = describeTarget(state);
        const policy = state.deletionPolicy ?? (state.adopted ? "retain" : "softDelete");
        if (policy === "retain") {
            console.error(
                `${target} is retained (deletionPolicy ${state.deletionPolicy ? `"retain"` : "default for a name taken over"}); its versions stay in the vault`,
            );
            return;
        }
        const api = apiFor(state);
        const live = state.ownershipClaim === undefined ? undefined : await api.latest(state.certificateName);
        if (live) {
            const decision = mayDelete(target, state.ownershipClaim, live.tags);
            if (!decision.remove) {
                console.error(`warning: ${decision.reason}`);
                return;
            }
        } else if (state.ownershipClaim === undefined) {
            const legacy = mayDelete(target, undefined, {});
            if (legacy.remove && legacy.warning) console.error(`warning: ${legacy.warning}`);
        }
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

/**
 * The claim a deployment writes: the one in state, or a new one whose origin follows what the snapshot
 * found — nothing (created), a name taken over from outside certdeploy (adopted), or a version another
 * instance of this resource wrote (its origin carries over: an adopted name stays adopted).
 */
function claimFor(olds: KeyVaultCertificateOutputs | undefined, certificateId: string, claimId: string) {
    return (before: LiveVersion | undefined): string => {
        if (olds?.ownershipClaim) return olds.ownershipClaim;
        let origin: ClaimOrigin = "created";
        if (olds) origin = olds.adopted ? "adopted" : "created";
        else if (before && before.tags[CERTIFICATE_ID_TAG] !== certificateId) origin = "adopted";
        else if (before && isAdoptedClaim(before.tags[CLAIM_TAG])) origin = "adopted";
        return claimWith(origin, claimId);
    };
}

const ownershipOf = (claim: string): Pick<KeyVaultCertificateOutputs, "ownershipClaim" | "adopted"> => ({
    ownershipClaim: claim,
    adopted: isAdoptedClaim(claim),
});

/** How each truth the transaction can end with becomes KeyVaultCertificate state. */
function keyVaultWriter(
    inputs: KeyVaultCertificateInputs,
    bundle: MaterialBundle,
    claim: (before: LiveVersion | undefined) => string,
    olds?: KeyVaultCertificateOutputs,
): StateWriter<string, KeyVaultCertificateOutputs, LiveVersion> {
    return {
        intended: (_name, deployment, live, _trailing, before) => ({
            ...keyVaultOutputs(inputs, bundle, live?.version ?? olds?.version ?? "", deployment),
            ...ownershipOf(claim(before)),
        }),
        recorded: (_name, deployment, live) => ({
            ...(live && "thumbprint" in live ? atVersion(olds!, live) : olds!),
            lastDeployment: deployment,
        }),
        observed: (_name, deployment, live) =>
            withLiveVersion(
                { ...(olds ?? keyVaultOutputs(inputs, bundle, "", deployment)), lastDeployment: deployment },
                live,
            ),
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
    const claim = claimFor(olds, certificateId, newClaimId());
    const tagsFor = (before: LiveVersion | undefined): Record<string, string> =>
        versionTags(inputs.tags, certificateId, bundle, claim(before));
    const id = keyVaultIds(inputs.vaultUrl, inputs.certificateName, "").versionlessId;
    const recorded = olds ? recordedKeyVaultIdentity(olds) : undefined;
    const deployed = await deployCertificate<string, KeyVaultCertificateOutputs, LiveVersion>({
        recorded,
        intended,
        unchanged: olds
            ? {
                  // A state from before claims gets one now, on the version and in state together.
                  tagsChanged:
                      !sameTags(olds.tags, inputs.tags) ||
                      olds.certificateId !== inputs.certificateId ||
                      olds.ownershipClaim === undefined,
                  updateTags: () => apiFor(inputs).updateTags(inputs.certificateName, olds.version, tagsFor(undefined)),
                  state: () => ({
                      ...keyVaultOutputs(inputs, bundle, olds.version, olds.lastDeployment),
                      ...ownershipOf(claim(undefined)),
                  }),
                  servingChecksChanged: servingChecksChanged(olds.servingChecks, inputs.servingChecks),
                  servingStatus: olds.servingStatus,
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
                tagsFor,
                recorded,
                previous: olds,
                overwriteDrift: inputs.overwriteDrift === true,
                checkSnapshot: async (snapshot) => {
                    const live =
                        snapshot ??
                        (await settleSoftDeletedName({
                            api,
                            name: inputs.certificateName,
                            target,
                            ...softDeletedRules(inputs, olds),
                        }));
                    if (olds !== undefined) checkOwner(live, inputs);
                    else checkCreateTarget(live, inputs);
                    return live;
                },
            });
        },
        policy: verifyPolicyFromEnv(),
        serving: servingStepFor(inputs.servingChecks),
        id: () => id,
        write: keyVaultWriter(inputs, bundle, claim, olds),
        target,
    });
    return { id, outs: deployed.outs };
}

/** Create: a name owned by another certificateId or by nobody is refused; our own leftover (a repeated create) is resumed by the core. */
function checkCreateTarget(live: LiveVersion | undefined, inputs: KeyVaultCertificateInputs): void {
    if (!live) return;
    const target = describeTarget(inputs);
    const owner = foreignOwner(live.tags, inputs.certificateId ?? "");
    if (owner)
        throw new AbortedBeforeImport(
            `${target} belongs to certificateId "${owner}"; two stacks must not manage one certificate name — pick another certificateName`,
        );
    if (live.tags[CERTIFICATE_ID_TAG] === undefined && inputs.overwriteDrift !== true) {
        throw new AbortedBeforeImport(
            `${target} already exists and is not managed by certdeploy; choose another certificateName, or set overwriteDrift: true to add a version to it`,
        );
    }
}

function checkOwner(live: LiveVersion | undefined, inputs: KeyVaultCertificateInputs): undefined {
    const owner = live ? foreignOwner(live.tags, inputs.certificateId ?? "") : undefined;
    if (owner && inputs.overwriteDrift !== true)
        throw new AbortedBeforeImport(
            `${describeTarget(inputs)}: the latest version belongs to certificateId "${owner}"; two stacks must not manage one certificate name`,
        );
    return undefined;
}

/** Same certificate (leaf and chain) → update the version's tags; a new certificate or chain → a new verified version. */
async function updateKeyVault(
    oldProps: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<{ outs: KeyVaultCertificateOutputs }> {
    const olds = migrateKeyVaultState(oldProps);
    const { inputs, bundle } = checkedForApply(news);
    return { outs: (await deploy(inputs, bundle, olds)).outs };
}
