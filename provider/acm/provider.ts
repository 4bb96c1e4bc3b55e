/**
 * The AcmCertificate dynamic provider. check/diff run during `pulumi preview`
 * and touch nothing remote; create/update run the deploy transaction; read is
 * `pulumi refresh`; delete is `pulumi destroy` or a replacement.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AcmCertificateInputs, AcmCertificateOutputs } from "../../sdk/schema-types";
import { CertdeployError, keepingProviderOnFailure } from "../deploy/errors";
import { CERTIFICATE_ID_TAG, foreignOwner, MANAGED_BY_TAG, tagsWithProvenance } from "../deploy/provenance";
import { sameTags } from "../material/compare";
import { runTransaction, TargetSteps } from "../deploy/transaction";
import { verifyPolicyFromEnv } from "../deploy/verify";
import type { MaterialBundle } from "../material/bundle";
import { sameSerial } from "../material/serial";
import { ACM_RULES } from "../validate/acm-inputs";
import { checkInputs, CheckedInputs } from "../validate/check-inputs";
import { logWarnings, refuseInvalid, toFailures } from "../validate/failures";
import { definedOnly, withoutProvider } from "../validate/strip";
import { AcmApi, AcmCallError } from "./client";
import { acmDiff, pinnedReimportProblems } from "./diff";
import { acmOutputs, migrateAcmState } from "./state";
import { asReadResult, isReadWithoutState } from "../imported";
import { readAcmForImport } from "./import-read";
import { freshImportSteps, rotateSteps } from "./steps";

const rules = ACM_RULES;

const describeTarget = (inputs: Partial<AcmCertificateInputs>, arn?: string): string => `AcmCertificate "${inputs.certificateId ?? "?"}"${arn ? ` (${arn})` : ""}`;

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
        const problems = [...checked.problems, ...pinnedReimportProblems(olds, checked)];
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
    /** pulumi refresh: the live serial, validity, tags and users; gone → removed from state. */
    async read(id: string, props: Record<string, unknown>) {
        if (isReadWithoutState(props, ["region", "arn"])) return asReadResult(await readAcmForImport(id)); // pulumi import / get(): no state
        const state = migrateAcmState(props);
        const api = new AcmApi(state.region, () => describeTarget(state, id), state.endpoint);
        let detail;
        try {
            detail = await api.describe(id);
        } catch (e) {
            if (e instanceof AcmCallError && e.awsName === "ResourceNotFoundException") return { id: "", props: {} };
            throw e;
        }
        const liveTags = await api.listTags(id);
        const userTags = Object.fromEntries(Object.entries(liveTags).filter(([k]) => k !== MANAGED_BY_TAG && k !== CERTIFICATE_ID_TAG));
        const refreshed: AcmCertificateOutputs = {
            ...state,
            serial: detail.Serial ?? state.serial,
            notBefore: detail.NotBefore?.toISOString() ?? state.notBefore,
            notAfter: detail.NotAfter?.toISOString() ?? state.notAfter,
            domainName: detail.DomainName ?? state.domainName,
            subjectAlternativeNames: detail.SubjectAlternativeNames ?? state.subjectAlternativeNames,
            inUseBy: detail.InUseBy ?? [],
            tags: Object.keys(userTags).length > 0 || state.tags ? userTags : undefined,
        };
        if (!sameSerial(refreshed.serial, state.serial)) {
            // Changed outside Pulumi: record the live public certificate; its key is not ours to know.
            const live = await api.getCertificate(id);
            refreshed.certificatePem = live.certificatePem;
            refreshed.chainPem = live.chainPem;
            console.error(`warning: ${describeTarget(state, id)}: serial ${refreshed.serial} is live, state had ${state.serial}; the certificate was changed outside Pulumi`);
        }
        return { id, props: definedOnly(refreshed) };
    },

    /** pulumi destroy / replacement: per deletionPolicy; default deletes what this resource created, retains a pinned ARN. */
    async delete(id: string, props: Record<string, unknown>) {
        const state = migrateAcmState(props);
        const policy = state.deletionPolicy ?? (state.certificateArn ? "retain" : "delete");
        if (policy === "retain") return;
        const api = new AcmApi(state.region, () => describeTarget(state, id), state.endpoint);
        try {
            await api.deleteCertificate(id);
        } catch (e) {
            if (e instanceof AcmCallError && e.awsName === "ResourceNotFoundException") return;
            if (e instanceof AcmCallError && e.awsName === "ResourceInUseException") {
                const inUse = (await api.describe(id)).InUseBy ?? [];
                throw new CertdeployError(
                    `${describeTarget(state, id)} is still in use by ${inUse.join(", ") || "other AWS resources"}; detach it there first (or set deletionPolicy: "retain"), then run pulumi destroy again`,
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
        throw new CertdeployError(`${describeTarget(inputs, arn)} is an ${detail.Type} certificate; only IMPORTED certificates can be re-imported — pin an imported ARN`);
    }
    const owner = foreignOwner(await api.listTags(arn), inputs.certificateId ?? "");
    if (owner)
        throw new CertdeployError(`${describeTarget(inputs, arn)} belongs to certificateId "${owner}"; two stacks must not manage one ARN — remove it from the other stack first`);
}

/** Fresh import, or adopt a pinned ARN and rotate it. */
async function createAcm(news: Record<string, unknown>): Promise<{ id: string; outs: AcmCertificateOutputs }> {
    const { inputs, bundle } = checkedForApply(news);

    const api = new AcmApi(inputs.region, () => describeTarget(inputs, arn), inputs.endpoint);
    let arn: string | undefined = inputs.certificateArn;
    let steps: TargetSteps;
    if (inputs.certificateArn) {
        await adoptPinned(api, inputs);
        steps = rotateSteps({
            api,
            bundle,
            arn: inputs.certificateArn,
            certificateId: inputs.certificateId ?? "",
            userTags: inputs.tags ?? {},
            removedTagKeys: [],
            overwriteDrift: true,
            target: () => describeTarget(inputs, arn),
        });
    } else {
        steps = freshImportSteps({
            api,
            bundle,
            certificateId: inputs.certificateId ?? "",
            userTags: inputs.tags ?? {},
            target: () => describeTarget(inputs),
            onArn: (a) => (arn = a),
            arn: () => arn,
        });
    }
    const outcome = await runTransaction(steps, verifyPolicyFromEnv());
    if (outcome.deployment.result === "succeeded" && arn) {
        return { id: arn, outs: acmOutputs(inputs, bundle, arn, outcome.deployment) };
    }
    const message = outcome.failure ?? `${describeTarget(inputs, arn)}: deployment failed`;
    if (outcome.deployment.result === "rolled_back" && !inputs.certificateArn) throw new CertdeployError(message);
    // Something exists that Pulumi must track: hand back what is live.
    if (!arn) throw new CertdeployError(message);
    const outs = acmOutputs(inputs, bundle, arn, outcome.deployment);
    if (outcome.live) outs.serial = outcome.live.serial;
    throw new CertdeployError(message, { id: arn, properties: { ...outs } });
}

/** Tags only → tag calls; new certificate → rotation transaction. */
async function updateAcm(id: string, oldProps: Record<string, unknown>, news: Record<string, unknown>): Promise<{ outs: AcmCertificateOutputs }> {
    const olds = migrateAcmState(oldProps);
    const { inputs, bundle } = checkedForApply(news);
    const removedTagKeys = Object.keys(olds.tags ?? {}).filter((k) => !(k in (inputs.tags ?? {})));
    const apiFor = (): AcmApi => new AcmApi(inputs.region, () => describeTarget(inputs, id), inputs.endpoint);
    if (sameSerial(olds.serial, bundle.leaf.serial) && bundle.leaf.fingerprintSha256 === olds.fingerprintSha256) {
        // Same certificate: at most a tag change, and no SDK loaded when nothing cloud-side changed.
        if (!sameTags(olds.tags, inputs.tags) || olds.certificateId !== inputs.certificateId) {
            const api = apiFor();
            await api.addTags(id, tagsWithProvenance(inputs.tags, inputs.certificateId ?? ""));
            await api.removeTags(id, removedTagKeys);
        }
        return { outs: { ...acmOutputs(inputs, bundle, id, olds.lastDeployment, olds.inUseBy) } };
    }
    const api = apiFor();
    const steps = rotateSteps({
        api,
        bundle,
        arn: id,
        recorded: { serial: olds.serial },
        previous: olds,
        certificateId: inputs.certificateId ?? "",
        userTags: inputs.tags ?? {},
        removedTagKeys,
        overwriteDrift: inputs.overwriteDrift === true,
        target: () => describeTarget(inputs, id),
    });
    const outcome = await runTransaction(steps, verifyPolicyFromEnv());
    if (outcome.deployment.result === "succeeded") return { outs: acmOutputs(inputs, bundle, id, outcome.deployment, olds.inUseBy) };
    const liveIsNew = outcome.live !== undefined && sameSerial(outcome.live.serial, bundle.leaf.serial);
    const truth: AcmCertificateOutputs = liveIsNew
        ? acmOutputs(inputs, bundle, id, outcome.deployment, olds.inUseBy)
        : { ...olds, lastDeployment: outcome.deployment, serial: outcome.live?.serial ?? olds.serial };
    throw new CertdeployError(outcome.failure ?? `${describeTarget(inputs, id)}: deployment failed`, { id, properties: { ...truth } });
}
