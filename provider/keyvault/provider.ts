/**
 * The KeyVaultCertificate dynamic provider. check/diff run during `pulumi preview`
 * and touch nothing remote; create/update run the deploy transaction (a new
 * version per deployment); read is `pulumi refresh`; delete follows deletionPolicy.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { KeyVaultCertificateInputs, KeyVaultCertificateOutputs } from "../../sdk/schema-types";
import { CertdeployError, keepingProviderOnFailure } from "../deploy/errors";
import { CERTIFICATE_ID_TAG, foreignOwner, MANAGED_BY_TAG, tagsWithProvenance } from "../deploy/provenance";
import { AbortedBeforeImport, runTransaction } from "../deploy/transaction";
import { verifyPolicyFromEnv } from "../deploy/verify";
import type { MaterialBundle } from "../material/bundle";
import { certificateToPem } from "../material/pem";
import { samePem, sameTags } from "../material/compare";
import { checkInputs } from "../validate/check-inputs";
import { logWarnings, refuseInvalid, toFailures } from "../validate/failures";
import { KEY_VAULT_RULES } from "../validate/keyvault-inputs";
import { changedInputs, SameValue } from "../validate/changed-inputs";
import { definedOnly, withoutProvider } from "../validate/strip";
import { KeyVaultApi, KeyVaultCallError, LiveVersion } from "./client";
import { credentialFor } from "./credential";
import { keyVaultIds } from "./ids";
import { keyVaultOutputs, migrateKeyVaultState } from "./state";
import { keyVaultSteps } from "./steps";
import { asReadResult, isReadWithoutState } from "../imported";
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
    return new KeyVaultApi(inputs.vaultUrl, credentialFor(inputs.credentialMode ?? "default", inputs.clientId, inputs.tenantId, target), () => target);
}

const REPLACE_ON_CHANGE = ["vaultUrl", "certificateName"];
const normalisedUrl = (v: unknown): unknown => (typeof v === "string" ? v.replace(/\/+$/, "").toLowerCase() : v);
/** Vault URLs ignore a trailing slash and case; certificate names are case-insensitive. */
export const KEY_VAULT_EQUALITIES: Record<string, SameValue> = {
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

    /** pulumi refresh: the live latest version; drift shows as a new serial; gone → removed from state. */
    async read(id: string, props: Record<string, unknown>) {
        if (isReadWithoutState(props, ["vaultUrl", "certificateName"])) return asReadResult(await readKeyVaultForImport(id)); // pulumi import / get(): no state
        const state = migrateKeyVaultState(props);
        const live = await apiFor(state).latest(state.certificateName);
        if (!live) return { id: "", props: {} };
        const userTags = Object.fromEntries(Object.entries(live.tags).filter(([k]) => k !== MANAGED_BY_TAG && k !== CERTIFICATE_ID_TAG));
        const refreshed: KeyVaultCertificateOutputs = {
            ...state,
            ...keyVaultIds(state.vaultUrl, state.certificateName, live.version, state.vaultResourceId),
            version: live.version,
            thumbprint: live.thumbprint,
            serial: live.serial,
            notBefore: live.notBefore?.toISOString() ?? state.notBefore,
            notAfter: live.notAfter?.toISOString() ?? state.notAfter,
            tags: Object.keys(userTags).length > 0 || state.tags ? userTags : undefined,
        };
        if (live.thumbprint !== state.thumbprint) {
            refreshed.certificatePem = certificateToPem(live.certificateDer);
            console.error(
                `warning: ${describeTarget(state)}: version ${live.version} (serial ${live.serial}) is latest, state had ${state.version}; it was written outside Pulumi${live.tags[CERTIFICATE_ID_TAG] === state.certificateId ? "" : " and does not carry our provenance tag"}`,
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

/** Runs the transaction for create (olds undefined) or rotation, and turns its outcome into outputs or an error with partial state. */
async function deploy(
    inputs: KeyVaultCertificateInputs,
    bundle: MaterialBundle,
    olds: KeyVaultCertificateOutputs | undefined,
): Promise<{ id: string; outs: KeyVaultCertificateOutputs }> {
    const api = apiFor(inputs);
    const target = describeTarget(inputs);
    const certificateId = inputs.certificateId ?? "";
    let imported: LiveVersion | undefined;
    const steps = keyVaultSteps({
        api,
        name: inputs.certificateName,
        bundle,
        target,
        vaultUrl: inputs.vaultUrl,
        tags: tagsWithProvenance(inputs.tags, certificateId),
        recorded: olds ? { serial: olds.serial, thumbprint: olds.thumbprint } : undefined,
        previous: olds,
        overwriteDrift: inputs.overwriteDrift === true,
        onSnapshot: async (live) => {
            if (olds !== undefined) return checkOwner(live, inputs);
            checkCreateTarget(live, inputs);
            if (!live && (await api.isSoftDeleted(inputs.certificateName))) throw new AbortedBeforeImport(softDeletedMessage(target, inputs.certificateName));
        },
        onImported: (v) => (imported = v),
    });
    const outcome = await runTransaction(steps, verifyPolicyFromEnv());
    const id = keyVaultIds(inputs.vaultUrl, inputs.certificateName, "").versionlessId;
    if (outcome.deployment.result === "succeeded" && imported) return { id, outs: keyVaultOutputs(inputs, bundle, imported.version, outcome.deployment) };
    const live = outcome.live as LiveVersion | undefined;
    const liveIsNew = live !== undefined && live.thumbprint === bundle.leaf.thumbprintSha1;
    const truth: KeyVaultCertificateOutputs | undefined = liveIsNew
        ? keyVaultOutputs(inputs, bundle, live.version, outcome.deployment)
        : olds
          ? {
                ...olds,
                ...(live
                    ? {
                          ...keyVaultIds(olds.vaultUrl, olds.certificateName, live.version, olds.vaultResourceId),
                          version: live.version,
                          thumbprint: live.thumbprint,
                          serial: live.serial,
                      }
                    : {}),
                lastDeployment: outcome.deployment,
            }
          : undefined;
    const message = outcome.failure ?? `${target}: deployment failed`;
    if (!truth) throw new CertdeployError(message);
    throw new CertdeployError(message, { id, properties: { ...truth } });
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

/** Tags only → update the version's tags; new certificate → a new verified version. */
async function updateKeyVault(oldProps: Record<string, unknown>, news: Record<string, unknown>): Promise<{ outs: KeyVaultCertificateOutputs }> {
    const olds = migrateKeyVaultState(oldProps);
    const { inputs, bundle } = checkedForApply(news);
    const sameMaterial = bundle.leaf.thumbprintSha1 === olds.thumbprint && samePem(olds.chainPem, inputs.chainPem) && samePem(olds.privateKeyPem, inputs.privateKeyPem);
    // A `pulumi import` state holds no key: its own certificate supplied with the key is adopted by claiming the live version.
    const adoptingImport = !olds.privateKeyPem && bundle.leaf.thumbprintSha1 === olds.thumbprint;
    if (sameMaterial || adoptingImport) {
        if (!sameTags(olds.tags, inputs.tags) || olds.certificateId !== inputs.certificateId) {
            await apiFor(inputs).updateTags(inputs.certificateName, olds.version, tagsWithProvenance(inputs.tags, inputs.certificateId ?? ""));
        }
        return { outs: { ...keyVaultOutputs(inputs, bundle, olds.version, olds.lastDeployment) } };
    }
    return { outs: (await deploy(inputs, bundle, olds)).outs };
}
