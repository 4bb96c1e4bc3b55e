/**
 * ACM's part of the deploy transaction: how to snapshot, import, tag, read and
 * restore an ACM certificate, located by its ARN. The sequence itself is
 * deploy/transaction.ts, its rollback deploy/rollback.ts. Live identity comes
 * from GetCertificate (leaf and chain), the one read every step uses: a rotation is GetCertificate →
 * ImportCertificate → AddTagsToCertificate → GetCertificate, 4 calls.
 */
import type { AcmCertificateOutputs } from "../../sdk/schema-types";
import { CertdeployError } from "../deploy/errors";
import { CertificateIdentity, identityFromPem, isSameCertificate } from "../deploy/identity";
import { isAdoptedClaim } from "../deploy/ownership";
import {
    CHAIN_DIGEST_TAG,
    CLAIM_TAG,
    MANAGED_BY_TAG,
    MANAGED_BY_VALUE,
    CERTIFICATE_ID_TAG,
} from "../deploy/provenance";
import type { TargetSteps } from "../deploy/transaction";
import type { MaterialBundle } from "../material/bundle";
import { readPrivateKey } from "../material/key";
import { readBundle } from "../material/bundle";
import { AcmApi, AcmCallError, PemMaterial } from "./client";

export const materialOf = (bundle: MaterialBundle): PemMaterial => ({
    certificatePem: bundle.leaf.pem,
    privateKeyPem: bundle.key.originalPem,
    chainPem: bundle.chain.length > 0 ? bundle.chain.map((c) => c.pem).join("\n") : undefined,
});

const notFound = (e: unknown): boolean => e instanceof AcmCallError && e.awsName === "ResourceNotFoundException";

/** The live leaf and chain (GetCertificate), or undefined when the ARN does not exist. */
export async function readAcmLive(api: AcmApi, arn: string): Promise<CertificateIdentity | undefined> {
    let got;
    try {
        got = await api.getCertificate(arn);
    } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
    }
    const identity = identityFromPem(got.certificatePem, got.chainPem);
    if (!identity) throw new CertdeployError(`GetCertificate for ${arn} returned no readable certificate`);
    return identity;
}

async function deleteIfPresent(api: AcmApi, arn: string): Promise<void> {
    try {
        await api.deleteCertificate(arn);
    } catch (e) {
        if (!notFound(e)) throw e;
    }
}

interface CommonArgs {
    api: AcmApi;
    bundle: MaterialBundle;
    intended: CertificateIdentity;
    certificateId: string;
    /** The tags to write: user tags plus provenance (and claim). */
    tags: Record<string, string>;
    target: string;
}

/**
 * A fresh import: a new ARN with tags inline. ImportCertificate has no
 * idempotency token, so the snapshot adopts an ARN an interrupted run of this
 * same deployment left (our certificate and provenance tags) — or another
 * instance of this resource created, before a rename or a move without an
 * alias — and puts this instance's claim on it; a retried import's duplicates
 * are deleted, and on failure every ARN it may have created is removed. An ARN
 * that was adopted (pinned) is never taken over as a fresh create's own.
 */
export function freshImportSteps(args: CommonArgs): TargetSteps<string> {
    const { api, bundle } = args;
    const findOwn = (): Promise<string[]> =>
        findOwnImports(api, bundle, args.intended, args.certificateId, args.tags[CHAIN_DIGEST_TAG]);
    const deleteOwnImportsExcept = async (keep: string | undefined): Promise<void> => {
        for (const arn of await findOwn()) if (arn !== keep) await deleteIfPresent(api, arn);
    };
    return {
        targetType: "AWSACM",
        target: args.target,
        intended: args.intended,
        overwriteDrift: false,
        snapshot: async () => {
            const [leftover, ...duplicates] = await findOwn();
            if (!leftover) return {};
            for (const arn of duplicates) await deleteIfPresent(api, arn);
            return { at: leftover, live: await readAcmLive(api, leftover) };
        },
        importIntended: async () => {
            const imported = await api.importCertificate(materialOf(bundle), undefined, args.tags);
            if (imported.attempts > 1) await deleteOwnImportsExcept(imported.arn);
            return { at: imported.arn };
        },
        // A fresh import carries its tags inline; a leftover it resumes gets this instance's claim.
        applyTags: async (arn, resumed) => {
            if (resumed) await api.addTags(arn, args.tags);
        },
        readLive: (arn) => readAcmLive(api, arn),
        discardFresh: async (known) => {
            if (known) await deleteIfPresent(api, known);
            const search = deleteOwnImportsExcept(known);
            if (known)
                await search.catch(() => undefined); // best effort once the known ARN is gone
            else await search;
        },
        recoveryHint: (arn) =>
            `aws acm delete-certificate --region ${api.region} --certificate-arn ${arn ?? "<the new ARN>"}, then pulumi up`,
        apiCalls: api.apiCalls,
    };
}

export interface RotateArgs extends CommonArgs {
    arn: string;
    /** What state says is live (undefined when adopting a pinned ARN on create). */
    recorded?: CertificateIdentity;
    /** The previous outputs: the certificate and key to restore, and the tags to put back. */
    previous?: AcmCertificateOutputs;
    /** Tags state records (with provenance), restored after a rollback. */
    previousTags?: Record<string, string>;
    /** Tag keys to remove from the ARN (dropped since state). */
    removedTagKeys: string[];
    overwriteDrift: boolean;
    adopting?: boolean;
}

/** Rotation in place: same ARN, re-import without tags, tags re-applied (ACM may drop them on re-import), restore from state on failure. */
export function rotateSteps(args: RotateArgs): TargetSteps<string> {
    const { api, bundle, arn, previous, previousTags } = args;
    return {
        targetType: "AWSACM",
        target: args.target,
        intended: args.intended,
        recorded: args.recorded,
        adopting: args.adopting,
        overwriteDrift: args.overwriteDrift,
        snapshot: async () => ({ at: arn, live: await readAcmLive(api, arn) }),
        importIntended: async () => {
            await api.importCertificate(materialOf(bundle), arn);
            return { at: arn };
        },
        applyTags: async () => {
            await api.addTags(arn, args.tags);
            await api.removeTags(arn, args.removedTagKeys);
        },
        readLive: () => readAcmLive(api, arn),
        restoreRecorded: previous
            ? async () => {
                  await restoreFromState(api, arn, previous);
                  return undefined;
              }
            : undefined,
        restoreTags: previousTags
            ? async () => {
                  await api.addTags(arn, previousTags);
                  await api.removeTags(
                      arn,
                      Object.keys(args.tags).filter((k) => !(k in previousTags)),
                  );
              }
            : undefined,
        recoveryHint: () =>
            `run \`pulumi refresh\` to record what is live, then \`pulumi up\` again; to restore the previous certificate by hand: aws acm import-certificate --region ${api.region} --certificate-arn ${arn} --certificate fileb://cert.pem --private-key fileb://key.pem --certificate-chain fileb://chain.pem`,
        apiCalls: api.apiCalls,
    };
}

/** Re-imports the certificate, chain and key recorded in state (the only place the key exists). */
async function restoreFromState(api: AcmApi, arn: string, previous: AcmCertificateOutputs): Promise<void> {
    const { bundle } = readBundle(
        { certificatePem: previous.certificatePem, privateKeyPem: previous.privateKeyPem, chainPem: previous.chainPem },
        new Date(0),
    );
    if (!bundle || !readPrivateKey(previous.privateKeyPem).spki.equals(bundle.leaf.spki)) {
        throw new CertdeployError(
            `the previous certificate's key is not in state (the certificate was changed outside Pulumi), so it cannot be re-imported`,
        );
    }
    await api.importCertificate(materialOf(bundle), arn);
}

/**
 * Imported certificates carrying our provenance tags and our certificate, leaf and chain (orphans of a failed
 * or retried import, or of another instance of this resource). Adopted ARNs are not ours to take. An ARN that
 * records the digest of the chain it was sent must record ours; under `rotation: "blue_green"` (`chainSha256`
 * given) it must record one at all — the predecessor of a replacement shares our certificateId and, when the
 * new chain is a prefix of its chain, our certificate by the trailing-tolerant match (rotation.ts).
 */
async function findOwnImports(
    api: AcmApi,
    bundle: MaterialBundle,
    intended: CertificateIdentity,
    certificateId: string,
    chainSha256: string | undefined,
): Promise<string[]> {
    const found: string[] = [];
    for (const arn of await api.listImported(bundle.leaf.domainName)) {
        const tags = await api.listTags(arn);
        if (
            tags[MANAGED_BY_TAG] !== MANAGED_BY_VALUE ||
            tags[CERTIFICATE_ID_TAG] !== certificateId ||
            isAdoptedClaim(tags[CLAIM_TAG])
        )
            continue;
        const recordedChain = tags[CHAIN_DIGEST_TAG];
        const otherChain = recordedChain !== undefined && recordedChain !== intended.chainSha256;
        const unrecordedUnderBlueGreen = chainSha256 !== undefined && recordedChain === undefined;
        if (otherChain || unrecordedUnderBlueGreen) continue;
        const live = await readAcmLive(api, arn);
        if (live && isSameCertificate(intended)(live)) found.push(arn);
    }
    return found;
}
