/**
 * The certdeploy resource provider as a native Pulumi plugin, in plain values:
 * what the gRPC service (grpc-service.ts) calls after decoding each request.
 * It adds only what a native provider must do and a dynamic one need not:
 * opening secret envelopes on the way in and sealing secrets on the way out
 * (the plugin answers acceptSecrets=true), the `certificateId` default the
 * Node SDK computes, a detailed diff, and Read by id for `pulumi import`.
 * Every decision about certificates is the shared providers' (resources.ts).
 */
import { CertdeployError } from "../deploy/errors";
import { lacksPrivateKey, rollbackRefusedMessage } from "../deploy/imported";
import { detailedDiff, DetailedDiff } from "./detailed-diff";
import { parseUrn, servedResource, ServedResource } from "./resources";
import { definedDeep, openSecrets, PropertyBag, sealSecrets } from "./secrets";

export interface CheckFailure {
    property: string;
    reason: string;
}

export interface PluginDiff extends DetailedDiff {
    changes: boolean | undefined;
    replaces: string[];
    stables: string[];
    deleteBeforeReplace: boolean;
}

export interface PluginRead {
    /** "" when nothing is live under the id. */
    id: string;
    properties: PropertyBag;
    /** Set for an import (a read with no state); a refresh keeps the inputs it had. */
    inputs?: PropertyBag;
}

/** What the engine records for a create or update that failed after something was written. */
export class PartialFailure extends Error {
    constructor(
        message: string,
        readonly id: string,
        readonly properties: PropertyBag,
        readonly reasons: string[],
    ) {
        super(message);
    }
}

const PRIVATE_KEY = "privateKeyPem";

/** A state (or inputs) written by `pulumi import`: it has content but no private key. */
const importedWithoutKey = (props: PropertyBag): boolean => Object.keys(props).length > 0 && lacksPrivateKey(props);

export class PluginProvider {
    /** Provider-level configuration: certdeploy has none (credentials come from the environment), so any is accepted. */
    checkConfig(news: PropertyBag): { inputs: PropertyBag; failures: CheckFailure[] } {
        return { inputs: news, failures: [] };
    }

    /** Nothing in provider configuration affects a resource: changes are reported, never replacements. */
    diffConfig(olds: PropertyBag, news: PropertyBag): { changes: boolean; diffs: string[] } {
        const a = openSecrets(olds).values;
        const b = openSecrets(news).values;
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
            .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
            .sort();
        return { changes: keys.length > 0, diffs: keys };
    }

    /** pulumi preview/up: the shared check, plus the `certificateId` default from the URN; secret inputs stay sealed. */
    async check(
        urn: string,
        olds: PropertyBag,
        news: PropertyBag,
    ): Promise<{ inputs: PropertyBag; failures: CheckFailure[] }> {
        const served = servedResource(parseUrn(urn).type);
        const inputs = withCertificateIdDefault(urn, news);
        const oldValues = openSecrets(olds).values;
        const newValues = openSecrets(inputs).values;
        const result = await served.provider.check!(oldValues, newValues);
        let failures = result.failures ?? [];
        // After `pulumi import` neither the state nor the generated program holds the key; nothing is deployed until one is supplied.
        if (importedWithoutKey(oldValues) && lacksPrivateKey(newValues))
            failures = failures.filter((f) => f.property !== PRIVATE_KEY);
        return {
            inputs: sealSecrets(
                inputs,
                served.secretOutputs.filter((name) => name in inputs),
            ),
            failures,
        };
    }

    /** pulumi preview/up: the shared diff, with which property changed how and which one forces a replacement. */
    async diff(id: string, urn: string, olds: PropertyBag, news: PropertyBag): Promise<PluginDiff> {
        const served = servedResource(parseUrn(urn).type);
        const newValues = openSecrets(news).values;
        const oldValues = unclaimedImport(openSecrets(olds).values, newValues);
        const result = await served.provider.diff!(id, oldValues, newValues);
        const replaces = result.replaces ?? [];
        const changed = result.changes === false ? [] : served.changedInputs(oldValues, newValues);
        if (importedWithoutKey(oldValues) && changed.includes("certificatePem")) warnNoRollback(served, urn);
        return {
            changes: result.changes,
            replaces,
            stables: result.stables ?? [],
            deleteBeforeReplace: result.deleteBeforeReplace === true,
            ...detailedDiff([...new Set([...changed, ...replaces])], replaces, oldValues, newValues),
        };
    }

    /** pulumi up: the shared create; the key and every output whose input was secret leave sealed. */
    async create(urn: string, news: PropertyBag): Promise<{ id: string; properties: PropertyBag }> {
        const served = servedResource(parseUrn(urn).type);
        const { values, secretKeys } = openSecrets(news);
        const seal = (outs: PropertyBag): PropertyBag => sealOutputs(served, outs, secretKeys);
        try {
            const created = await served.provider.create(values);
            return { id: created.id, properties: seal(created.outs as PropertyBag) };
        } catch (e) {
            throw asPartialFailure(e, seal);
        }
    }

    /** pulumi up: the shared update; a failed rotation of a never-adopted import says why it could not roll back. */
    async update(id: string, urn: string, olds: PropertyBag, news: PropertyBag): Promise<{ properties: PropertyBag }> {
        const served = servedResource(parseUrn(urn).type);
        const oldValues = openSecrets(olds);
        const { values, secretKeys } = openSecrets(news);
        const seal = (outs: PropertyBag): PropertyBag =>
            sealOutputs(served, outs, [...secretKeys, ...oldValues.secretKeys]);
        try {
            const updated = await served.provider.update!(id, oldValues.values, values);
            return { properties: seal((updated.outs ?? {}) as PropertyBag) };
        } catch (e) {
            throw asPartialFailure(
                explainImportedRollback(e, oldValues.values, `${served.kind} "${parseUrn(urn).name}"`),
                seal,
            );
        }
    }

    /** pulumi refresh (state given) or pulumi import (only an id): what is live. */
    async read(id: string, urn: string, props: PropertyBag): Promise<PluginRead> {
        const served = servedResource(parseUrn(urn).type);
        const { values, secretKeys } = openSecrets(props);
        if (Object.keys(values).length === 0) {
            const imported = await served.importRead(id);
            if (!imported) return { id: "", properties: {} };
            return {
                id: imported.id,
                properties: sealOutputs(served, imported.outputs, []),
                inputs: sealOutputs(served, imported.inputs, []),
            };
        }
        const read = await served.provider.read!(id, values);
        if (!read.id) return { id: "", properties: {} };
        return { id: read.id, properties: sealOutputs(served, (read.props ?? {}) as PropertyBag, secretKeys) };
    }

    /** pulumi destroy / replacement: the shared delete (deletionPolicy, ownership). */
    async delete(id: string, urn: string, props: PropertyBag): Promise<void> {
        const served = servedResource(parseUrn(urn).type);
        await served.provider.delete!(id, openSecrets(props).values);
    }
}

/**
 * An imported certificate without our provenance tag has no certificateId yet; Check
 * defaulted one from the URN. Without a key nothing can be deployed, so that claim
 * waits for the first up that supplies one and is no change on its own.
 */
function unclaimedImport(olds: PropertyBag, news: PropertyBag): PropertyBag {
    const unclaimed = importedWithoutKey(olds) && lacksPrivateKey(news) && !olds.certificateId;
    return unclaimed ? { ...olds, certificateId: news.certificateId } : olds;
}

/** `<project>/<stack>/<resource name>`, as the Node SDK's resource classes default it. */
function withCertificateIdDefault(urn: string, news: PropertyBag): PropertyBag {
    if (news.certificateId !== undefined && news.certificateId !== null) return news;
    const { project, stack, name } = parseUrn(urn);
    return { ...news, certificateId: `${project}/${stack}/${name}` };
}

function sealOutputs(served: ServedResource, outs: PropertyBag, secretInputs: readonly string[]): PropertyBag {
    return definedDeep(sealSecrets(outs, new Set([...served.secretOutputs, ...secretInputs]))) as PropertyBag;
}

function warnNoRollback(served: ServedResource, urn: string): void {
    console.error(
        `warning: ${served.kind} "${parseUrn(urn).name}": state holds no private key for the live certificate (it was brought in with pulumi import), so if this change fails verification it cannot be rolled back`,
    );
}

/** A rollback that failed because an imported state never held the key: say so instead of a generic recovery hint. */
function explainImportedRollback(e: unknown, olds: PropertyBag, target: string): unknown {
    if (!CertdeployError.isInstance(e) || !e.id || !e.properties || !lacksPrivateKey(olds)) return e;
    const deployment = e.properties.lastDeployment as { result?: string; message?: string } | undefined;
    if (deployment?.result !== "rollback_failed") return e;
    const message = `${rollbackRefusedMessage(target, typeof olds.serial === "string" ? olds.serial : "?")}. ${e.message}`;
    return new CertdeployError(message, {
        id: e.id,
        properties: { ...e.properties, lastDeployment: { ...deployment, message } },
    });
}

/** A provider error that carries partial state becomes ErrorResourceInitFailed with sealed properties; any other passes through. */
function asPartialFailure(e: unknown, seal: (outs: PropertyBag) => PropertyBag): unknown {
    if (CertdeployError.isInstance(e) && e.id)
        return new PartialFailure(e.message, e.id, seal(e.properties ?? {}), e.reasons ?? [e.message]);
    return e;
}
