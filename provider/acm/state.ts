/**
 * AcmCertificate state: the outputs written to Pulumi state, and migration of
 * states written by earlier releases (every state a release wrote stays readable).
 */
import { createPublicKey } from "node:crypto";
import type { AcmCertificateInputs, AcmCertificateOutputs, Deployment } from "../../sdk/schema-types";
import { identityFromPem, type CertificateIdentity } from "../deploy/identity";
import { normaliseAcmKeyAlgorithm } from "./key-algorithms";
import type { MaterialBundle } from "../material/bundle";
import { acmKeyAlgorithm } from "./key-algorithms";
import { readCertificate } from "../material/certificate";
import { readPemBlocks } from "../material/pem";
import { PROVIDER_KEY } from "../deploy/state-props";

export const ACM_STATE_VERSION = 1;

/** How this instance holds its ARN: its claim (also the ARN's `certdeploy-claim` tag) and whether it adopted the ARN. */
export interface AcmOwnership {
    ownershipClaim?: string;
    adopted: boolean;
}

/** Old states have no `adopted`: a pinned ARN was adopted (the default deletion policy already said so). */
export const acmOwnershipOf = (state: AcmCertificateOutputs): AcmOwnership => ({
    ...(state.ownershipClaim ? { ownershipClaim: state.ownershipClaim } : {}),
    adopted: state.adopted ?? state.certificateArn !== undefined,
});

export function acmOutputs(
    inputs: AcmCertificateInputs,
    bundle: MaterialBundle,
    arn: string,
    deployment: Deployment,
    ownership: AcmOwnership,
    inUseBy?: string[],
): AcmCertificateOutputs {
    return {
        ...inputs,
        ...ownership,
        certificateId: inputs.certificateId ?? "",
        arn,
        serial: bundle.leaf.serial,
        notBefore: bundle.leaf.notBefore.toISOString(),
        notAfter: bundle.leaf.notAfter.toISOString(),
        keyAlgorithm: acmKeyAlgorithm(bundle.key) ?? "",
        domainName: bundle.leaf.domainName,
        subjectAlternativeNames: bundle.leaf.subjectAlternativeNames,
        fingerprintSha256: bundle.leaf.fingerprintSha256,
        ...(inUseBy ? { inUseBy } : {}),
        lastDeployment: deployment,
        stateVersion: ACM_STATE_VERSION,
    };
}

/** The identity state records: its certificate and chain (what certdeploy imported, or what refresh found live). */
export const recordedAcmIdentity = (state: AcmCertificateOutputs): CertificateIdentity | undefined =>
    identityFromPem(state.certificatePem, state.chainPem);

/**
 * State rewritten to a certificate found live (refresh after an out-of-band
 * change, or another writer's import): every field derived from the
 * certificate follows it, so state never contradicts itself. The key stays
 * what state had — ACM never returns one — so a later restore refuses it.
 */
export function withLiveCertificate(
    state: AcmCertificateOutputs,
    certificatePem: string,
    chainPem: string | undefined,
): AcmCertificateOutputs {
    const block = readPemBlocks(certificatePem, "CERTIFICATE")[0];
    const leaf = readCertificate(block.der);
    const details = createPublicKey({ key: leaf.spki, format: "der", type: "spki" });
    const keyDetails = details.asymmetricKeyDetails ?? {};
    const keyAlgorithm =
        acmKeyAlgorithm({
            type: details.asymmetricKeyType ?? "",
            bits: keyDetails.modulusLength,
            curve: keyDetails.namedCurve,
        }) ?? state.keyAlgorithm;
    const next: AcmCertificateOutputs = {
        ...state,
        certificatePem,
        serial: leaf.serial,
        notBefore: leaf.notBefore.toISOString(),
        notAfter: leaf.notAfter.toISOString(),
        keyAlgorithm,
        domainName: leaf.domainName,
        subjectAlternativeNames: leaf.subjectAlternativeNames,
        fingerprintSha256: leaf.fingerprintSha256,
    };
    if (chainPem) next.chainPem = chainPem;
    else delete next.chainPem;
    return next;
}

/** Brings a state written by any earlier release to the current layout. */
export function migrateAcmState(props: Record<string, unknown>): AcmCertificateOutputs {
    const state = { ...props } as Record<string, unknown>;
    delete state[PROVIDER_KEY];
    // stateVersion absent: the layout of 0.1.0 before versioning, identical but for the field itself.
    if (typeof state.keyAlgorithm === "string") state.keyAlgorithm = normaliseAcmKeyAlgorithm(state.keyAlgorithm);
    state.stateVersion = ACM_STATE_VERSION;
    return state as unknown as AcmCertificateOutputs;
}
