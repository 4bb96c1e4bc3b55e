/**
 * The AcmCertificate dynamic provider. check/diff run during `pulumi preview`
 * and touch nothing remote; create/update run the deploy transaction; read is
 * `pulumi refresh`; delete is `pulumi destroy` or a replacement.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AcmCertificateInputs, AcmCertificateOutputs } from "../../sdk/schema-types";
import { CertdeployError, keepingProviderOnFailure } from "../deploy/errors";
import { foreignOwner, userTagsOf } from "../deploy/provenance";
import { deployCertificate, StateWriter } from "../deploy/deploy";
import { describeIdentity, identityOf, sameCertificate } from "../deploy/identity";
import { verifyPolicyFromEnv } from "../deploy/verify";
import { servingChecksChanged, servingStepFor } from "../deploy/serving-step";
import type { MaterialBundle } from "../material/bundle";
import { ACM_RULES, BLUE_GREEN_WITH_PINNED_ARN } from "./inputs";
import { checkInputs, CheckedInputs } from "../validate/check-inputs";
import { logWarnings, refuseInvalid, toFailures } from "../validate/failures";
import { definedOnly, withoutProvider } from "../deploy/state-props";
import { sameTags } from "../deploy/changed-inputs";
import { AcmApi, AcmCallError } from "./client";
import { acmDiff, pinnedReimportProblems } from "./diff";
import {
    AcmOwnership,
    acmOutputs,
    acmOwnershipOf,
    migrateAcmState,
    recordedAcmIdentity,
    withLiveCertificate,
} from "./state";
import { mayDelete, newClaim } from "../deploy/ownership";
import { freshImportSteps, readAcmLive, rotateSteps } from "./steps";
import { asReadResult, isReadWithoutState } from "../deploy/imported";
import { readAcmForImport } from "./import-read";
import { waitForEndpointsToLeave } from "./predecessor-wait";
import { acmTags, isBlueGreen, rotationOf } from "./rotation";

const rules = ACM_RULES;

const describeTarget = (inputs: Partial<AcmCertificateInputs>, arn?: string): string =>
    `AcmCertificate "${inputs.certificateId ?? "?"}"${arn ? ` (${arn})` : ""}`;

/** Re-checks inputs at apply time (they may have been unknown at preview); throws on any error. */
function checkedForApply(news: Record<string, unknown>): { inputs: AcmCertificateInputs; bundle: MaterialBundle } {
    const checked: CheckedInputs<AcmCertificateInputs> = checkInputs(rules, news);
    refuseInvalid(describeTarget(checked.known), checked.problems);
    if (!checked.bundle) throw new CertdeployError(`${describeTarget(checked.known)}: certificate material is missing`);
    return { inputs: withoutProvider<AcmCertificateInputs>(checked.known), bundle: checked.bundle };
}

export const acmProvider: pulumi.dynamic.ResourceProvider = {
    /** pulumi preview/up: validates inputs offline; one CheckFailure per problem. */
    async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
        const checked = checkInputs(rules, news);
        // A pin that is not known yet (another resource's output) is still a pin: blue_green cannot hold it.
        const pinLater =
            isBlueGreen(checked.known) && checked.unknown.includes("certificateArn")
                ? [BLUE_GREEN_WITH_PINNED_ARN]
                : [];
        const problems = [...checked.problems, ...pinLater, ...pinnedReimportProblems(olds, checked)];
        logWarnings(describeTarget(checked.known), problems);
        return { inputs: news, failures: toFailures(problems) };
    },

    /** pulumi preview/up: what changed and what forces a new ARN; offline. */
    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return acmDiff(migrateAcmState(olds), news);
    },

    /** pulumi up (new resource): fresh import, or adopt a pinned ARN and rotate it. */
    async create(news: Record<string, unknown>) {
        return keepingProviderOnFailure(news, () => createAcm(news));
    },

    /** pulumi up (changed inputs): tags only → tag calls; new certificate → rotation transaction. */
    async update(id: string, oldProps: Record<string, unknown>, news: Record<string, unknown>) {
        return keepingProviderOnFailure(news, () => updateAcm(id, oldProps, news));
    },
    /** pulumi refresh: the live certificate (leaf and chain), validity, tags and users; gone → removed from state. */
    async read(id: string, props: Record<string, unknown>) {
        if (isReadWithoutState(props, ["region", "arn"])) return asReadResult(await readAcmForImport(id)); // pulumi import / get(): no state
        const state = migrateAcmState(props);
        const api = new AcmApi(state.region, () => describeTarget(state, id), state.endpoint, state);
        let detail;
        try {
            detail = await api.describe(id);
        } catch (e) {
            if (e instanceof AcmCallError && e.awsName === "ResourceNotFoundException") return { id: "", props: {} };
            throw e;
        }
        const live = await readAcmLive(api, id);
        if (!live) return { id: "", props: {} };
        const liveTags = await api.listTags(id);
        const userTags = userTagsOf(liveTags);
        let refreshed: AcmCertificateOutputs = {
            ...state,
            inUseBy: detail.InUseBy ?? [],
            tags: Object.keys(userTags).length > 0 || state.tags ? userTags : undefined,
        };
        const recorded = recordedAcmIdentity(state);
        if (!recorded || !sameCertificate(recorded, live).same) {
            // Changed outside Pulumi: record the live certificate and everything derived from it; its key is not ours to know.
            refreshed = withLiveCertificate(refreshed, live.pem?.certificate ?? "", live.pem?.chain);
            console.error(
                `warning: ${describeTarget(state, id)}: ${describeIdentity(live)} is live, state had ${recorded ? describeIdentity(recorded) : "no readable certificate"}; the certificate was changed outside Pulumi`,
            );
        }
        return { id, props: definedOnly(refreshed) };
    },

    /**
     * pulumi destroy / replacement: per deletionPolicy (default: delete an ARN this resource created, retain an
     * adopted one), and only while the ARN's claim tag is still this instance's; under `blue_green`, only once
     * its serving-check endpoints no longer serve it.
     */
    async delete(id: string, props: Record<string, unknown>) {
        const state = migrateAcmState(props);
        const target = describeTarget(state, id);
        const policy = state.deletionPolicy ?? (acmOwnershipOf(state).adopted ? "retain" : "delete");
        if (policy === "retain") {
            console.error(
                `${target} is retained (deletionPolicy ${state.deletionPolicy ? `"retain"` : `default for an adopted ARN`}); it stays in ACM`,
            );
            return;
        }
        const api = new AcmApi(state.region, () => target, state.endpoint, state);
        try {
            const decision = mayDelete(
                target,
                state.ownershipClaim,
                state.ownershipClaim === undefined ? {} : await api.listTags(id),
            );
            if (!decision.remove) {
                console.error(`warning: ${decision.reason}`);
                return;
            }
            if (decision.warning) console.error(`warning: ${decision.warning}`);
            // blue_green: the old ARN goes only once its endpoints serve something else (predecessor-wait.ts).
            await waitForEndpointsToLeave(target, state);
            await api.deleteCertificate(id);
        } catch (e) {
            if (e instanceof AcmCallError && e.awsName === "ResourceNotFoundException") return;
            if (e instanceof AcmCallError && e.awsName === "ResourceInUseException") {
                const inUse = (await api.describe(id)).InUseBy ?? [];
                throw new CertdeployError(
                    `${target} is still in use by ${inUse.join(", ") || "other AWS resources"}; detach it there first (or set deletionPolicy: "retain"), then run pulumi destroy again`,
                );
            }
            throw e;
        }
    },
};

/** A pinned ARN must be an imported certificate that no other certificateId owns. */
async function adoptPinned(api: AcmApi, inputs: AcmCertificateInputs): Promise<void> {
    const arn = inputs.certificateArn ?? "";
    const detail = await api.describe(arn);
    if (detail.Type !== undefined && detail.Type !== "IMPORTED") {
        throw new CertdeployError(
            `${describeTarget(inputs, arn)} is an ${detail.Type} certificate; only IMPORTED certificates can be re-imported — pin an imported ARN`,
        );
    }
    const owner = foreignOwner(await api.listTags(arn), inputs.certificateId ?? "");
    if (owner)
        throw new CertdeployError(
            `${describeTarget(inputs, arn)} belongs to certificateId "${owner}"; two stacks must not manage one ARN — remove it from the other stack first`,
        );
}

/** How each truth the transaction can end with becomes AcmCertificate state. */
function acmWriter(
    inputs: AcmCertificateInputs,
    bundle: MaterialBundle,
    ownership: AcmOwnership,
    olds?: AcmCertificateOutputs,
): StateWriter<string, AcmCertificateOutputs> {
    return {
        intended: (arn, deployment, _live, trailing) =>
            withTrailing(acmOutputs(inputs, bundle, arn, deployment, ownership, olds?.inUseBy), trailing),
        // The old certificate is live again: state as before; the claim the tag step wrote stays when the old tags could not be put back.
        recorded: (_arn, deployment, _live, tagsRestored) => ({
            ...olds!,
            lastDeployment: deployment,
            ...(tagsRestored ? {} : { tags: inputs.tags, ...ownership }),
        }),
        observed: (arn, deployment, live) =>
            withLiveCertificate(
                { ...(olds ?? acmOutputs(inputs, bundle, arn, deployment, ownership)), lastDeployment: deployment },
                live.pem?.certificate ?? "",
                live.pem?.chain,
            ),
    };
}

const withTrailing = (outs: AcmCertificateOutputs, trailing: string[]): AcmCertificateOutputs => {
    const next = { ...outs };
    if (trailing.length > 0) next.trailingChainFingerprints = trailing;
    else delete next.trailingChainFingerprints;
    return next;
};

/** Fresh import, or adopt a pinned ARN and rotate it. */
async function createAcm(news: Record<string, unknown>): Promise<{ id: string; outs: AcmCertificateOutputs }> {
    const { inputs, bundle } = checkedForApply(news);
    const intended = identityOf(bundle.leaf, bundle.chain);
    const certificateId = inputs.certificateId ?? "";
    const pinned = inputs.certificateArn;
    const api = new AcmApi(inputs.region, () => describeTarget(inputs, pinned), inputs.endpoint, inputs);
    if (pinned) await adoptPinned(api, inputs);
    // A pinned ARN existed before certdeploy: it is adopted, and retained by default.
    const ownership: AcmOwnership = {
        ownershipClaim: newClaim(pinned ? "adopted" : "created"),
        adopted: pinned !== undefined,
    };
    const tags = acmTags(inputs, certificateId, ownership.ownershipClaim, intended.chainSha256);
    const common = { api, bundle, intended, certificateId, tags, target: describeTarget(inputs, pinned) };
    return deployCertificate<string, AcmCertificateOutputs>({
        intended,
        steps: () =>
            pinned
                ? rotateSteps({ ...common, arn: pinned, removedTagKeys: [], overwriteDrift: true, adopting: true })
                : freshImportSteps(common),
        policy: verifyPolicyFromEnv(),
        // blue_green: consumers are repointed to this ARN only after its create, so no endpoint can serve it
        // yet; the predecessor's delete waits for them instead (predecessor-wait.ts).
        serving: isBlueGreen(inputs) ? undefined : servingStepFor(inputs.servingChecks),
        id: (arn) => arn,
        write: acmWriter(inputs, bundle, ownership),
        target: describeTarget(inputs, pinned),
    });
}

/** Same certificate (leaf and chain) → at most tag calls; a new certificate or chain → rotation transaction. */
async function updateAcm(
    id: string,
    oldProps: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<{ outs: AcmCertificateOutputs }> {
    const olds = migrateAcmState(oldProps);
    const { inputs, bundle } = checkedForApply(news);
    const certificateId = inputs.certificateId ?? "";
    const removedTagKeys = Object.keys(olds.tags ?? {}).filter((k) => !(k in (inputs.tags ?? {})));
    const apiFor = (): AcmApi => new AcmApi(inputs.region, () => describeTarget(inputs, id), inputs.endpoint, inputs);
    const intended = identityOf(bundle.leaf, bundle.chain);
    // A state from before claims gets one now (the ARN's tag and state together).
    const previous = acmOwnershipOf(olds);
    const ownership: AcmOwnership = {
        ownershipClaim: previous.ownershipClaim ?? newClaim(previous.adopted ? "adopted" : "created"),
        adopted: previous.adopted,
    };
    const tags = acmTags(inputs, certificateId, ownership.ownershipClaim, intended.chainSha256);
    // rotation alone changes no certificate: an update in place, whose tag step writes the chain digest for blue_green.
    const rotationChanged = rotationOf(olds) !== rotationOf(inputs);
    const deployed = await deployCertificate<string, AcmCertificateOutputs>({
        recorded: recordedAcmIdentity(olds),
        intended,
        unchanged: {
            tagsChanged:
                !sameTags(olds.tags, inputs.tags) ||
                olds.certificateId !== inputs.certificateId ||
                previous.ownershipClaim === undefined ||
                rotationChanged,
            updateTags: async () => {
                const api = apiFor();
                await api.addTags(id, tags);
                await api.removeTags(id, removedTagKeys);
            },
            state: () => ({
                ...acmOutputs(inputs, bundle, id, olds.lastDeployment, ownership, olds.inUseBy),
                ...trailingOf(olds),
            }),
            servingChecksChanged: servingChecksChanged(olds.servingChecks, inputs.servingChecks),
            servingStatus: olds.servingStatus,
        },
        serving: servingStepFor(inputs.servingChecks),
        steps: () =>
            rotateSteps({
                api: apiFor(),
                bundle,
                intended,
                arn: id,
                recorded: recordedAcmIdentity(olds),
                previous: olds,
                previousTags: acmTags(
                    olds,
                    olds.certificateId,
                    previous.ownershipClaim,
                    recordedAcmIdentity(olds)?.chainSha256,
                ),
                certificateId,
                tags,
                removedTagKeys,
                overwriteDrift: inputs.overwriteDrift === true,
                target: describeTarget(inputs, id),
            }),
        policy: verifyPolicyFromEnv(),
        id: () => id,
        write: acmWriter(inputs, bundle, ownership, olds),
        target: describeTarget(inputs, id),
    });
    return { outs: deployed.outs };
}

const trailingOf = (olds: AcmCertificateOutputs): Partial<AcmCertificateOutputs> =>
    olds.trailingChainFingerprints ? { trailingChainFingerprints: olds.trailingChainFingerprints } : {};
