/**
 * ACM's part of the deploy transaction: how to snapshot, import, tag, read and
 * restore an ACM certificate. The sequence itself is deploy/transaction.ts.
 */
import type { AcmCertificateOutputs } from "../../sdk/schema-types";
import { CertdeployError } from "../deploy/errors";
import { MANAGED_BY_TAG, MANAGED_BY_VALUE, CERTIFICATE_ID_TAG, tagsWithProvenance } from "../deploy/provenance";
import type { Identity, TargetSteps } from "../deploy/transaction";
import type { LiveIdentity } from "../deploy/verify";
import type { MaterialBundle } from "../material/bundle";
import { readPrivateKey } from "../material/key";
import { readBundle } from "../material/bundle";
import { sameSerial } from "../material/serial";
import { AcmApi, AcmCallError, PemMaterial } from "./client";

export const materialOf = (bundle: MaterialBundle): PemMaterial => ({
    certificatePem: bundle.leaf.pem,
    privateKeyPem: bundle.key.originalPem,
    chainPem: bundle.chain.length > 0 ? bundle.chain.map((c) => c.pem).join("\n") : undefined,
});

/** The live serial, or undefined when the ARN does not exist. */
export async function readAcmLive(api: AcmApi, arn: string): Promise<LiveIdentity | undefined> {
    try {
        return { serial: (await api.describe(arn)).Serial ?? "" };
    } catch (e) {
        if (e instanceof AcmCallError && e.awsName === "ResourceNotFoundException") return undefined;
        throw e;
    }
}

async function deleteIfPresent(api: AcmApi, arn: string): Promise<void> {
    try {
        await api.deleteCertificate(arn);
    } catch (e) {
        if (!(e instanceof AcmCallError && e.awsName === "ResourceNotFoundException")) throw e;
    }
}

interface CommonArgs {
    api: AcmApi;
    bundle: MaterialBundle;
    certificateId: string;
    userTags: Record<string, string>;
    target: () => string;
}

/**
 * A fresh import: a new ARN with tags inline. ImportCertificate has no
 * idempotency token, so the snapshot adopts an ARN an interrupted run of this
 * same deployment left (our serial and provenance tags), a retried import's
 * duplicates are deleted, and on failure every ARN it may have created is removed.
 */
export function freshImportSteps(args: CommonArgs & { onArn: (arn: string) => void; arn: () => string | undefined }): TargetSteps {
    const { api, bundle } = args;
    const tags = tagsWithProvenance(args.userTags, args.certificateId);
    const deleteOwnImportsExcept = async (keep: string | undefined): Promise<void> => {
        for (const arn of await findOwnImports(api, bundle, args.certificateId)) if (arn !== keep) await deleteIfPresent(api, arn);
    };
    return {
        targetType: "AWSACM",
        target: args.target(),
        intended: { serial: bundle.leaf.serial },
        overwriteDrift: false,
        snapshot: async () => {
            const [leftover, ...duplicates] = await findOwnImports(api, bundle, args.certificateId);
            if (!leftover) return undefined;
            args.onArn(leftover);
            for (const arn of duplicates) await deleteIfPresent(api, arn);
            return readAcmLive(api, leftover);
        },
        importIntended: async (alreadyLive) => {
            if (alreadyLive) return;
            const imported = await api.importCertificate(materialOf(bundle), undefined, tags);
            args.onArn(imported.arn);
            if (imported.attempts > 1) await deleteOwnImportsExcept(imported.arn);
        },
        readLive: () => readAcmLive(api, requireArn(args.arn())),
        discardFresh: async () => {
            const known = args.arn();
            if (known) await deleteIfPresent(api, known);
            const search = deleteOwnImportsExcept(known);
            if (known)
                await search.catch(() => undefined); // best effort once the known ARN is gone
            else await search;
        },
        recoveryHint: () => `aws acm delete-certificate --region ${api.region} --certificate-arn ${args.arn() ?? "<the new ARN>"}, then pulumi up`,
        apiCalls: api.apiCalls,
    };
}

/** Rotation in place: same ARN, re-import without tags, tags re-applied, restore from state on failure. */
export function rotateSteps(
    args: CommonArgs & { arn: string; recorded?: Identity; previous?: AcmCertificateOutputs; removedTagKeys: string[]; overwriteDrift: boolean },
): TargetSteps {
    const { api, bundle, arn, previous } = args;
    return {
        targetType: "AWSACM",
        target: args.target(),
        intended: { serial: bundle.leaf.serial },
        recorded: args.recorded,
        overwriteDrift: args.overwriteDrift,
        snapshot: () => readAcmLive(api, arn),
        importIntended: async (alreadyLive) => {
            if (!alreadyLive) await api.importCertificate(materialOf(bundle), arn);
        },
        applyTags: async () => {
            await api.addTags(arn, tagsWithProvenance(args.userTags, args.certificateId));
            await api.removeTags(arn, args.removedTagKeys);
        },
        readLive: () => readAcmLive(api, arn),
        restoreRecorded: previous ? () => restoreFromState(api, arn, previous) : undefined,
        recoveryHint: () =>
            `run \`pulumi refresh\` to record what is live, then \`pulumi up\` again; to restore the previous certificate by hand: aws acm import-certificate --region ${api.region} --certificate-arn ${arn} --certificate fileb://cert.pem --private-key fileb://key.pem --certificate-chain fileb://chain.pem`,
        apiCalls: api.apiCalls,
    };
}

/** Re-imports the certificate, chain and key recorded in state (the only place the key exists). */
async function restoreFromState(api: AcmApi, arn: string, previous: AcmCertificateOutputs): Promise<void> {
    const { bundle } = readBundle({ certificatePem: previous.certificatePem, privateKeyPem: previous.privateKeyPem, chainPem: previous.chainPem }, new Date(0));
    if (!bundle || !readPrivateKey(previous.privateKeyPem).spki.equals(bundle.leaf.spki)) {
        throw new CertdeployError(`the previous certificate's key is not in state (the certificate was changed outside Pulumi), so it cannot be re-imported`);
    }
    await api.importCertificate(materialOf(bundle), arn);
}

/** Imported certificates carrying our serial and our provenance tags (orphans of a failed or retried import). */
async function findOwnImports(api: AcmApi, bundle: MaterialBundle, certificateId: string): Promise<string[]> {
    const found: string[] = [];
    for (const arn of await api.listImported(bundle.leaf.domainName)) {
        const detail = await api.describe(arn);
        if (!sameSerial(detail.Serial ?? "", bundle.leaf.serial)) continue;
        const tags = await api.listTags(arn);
        if (tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE && tags[CERTIFICATE_ID_TAG] === certificateId) found.push(arn);
    }
    return found;
}

function requireArn(arn: string | undefined): string {
    if (!arn) throw new CertdeployError("ImportCertificate returned no ARN");
    return arn;
}
