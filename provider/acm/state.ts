/**
 * AcmCertificate state: the outputs written to Pulumi state, and migration of
 * states written by earlier releases (every state a release wrote stays readable).
 */
import type { AcmCertificateInputs, AcmCertificateOutputs, Deployment } from "../../sdk/schema-types";
import { normaliseAcmKeyAlgorithm } from "../material/acm-algorithms";
import type { MaterialBundle } from "../material/bundle";
import { acmKeyAlgorithm } from "../material/acm-algorithms";
import { PROVIDER_KEY } from "../validate/check-inputs";

export const ACM_STATE_VERSION = 1;

export function acmOutputs(inputs: AcmCertificateInputs, bundle: MaterialBundle, arn: string, deployment: Deployment, inUseBy?: string[]): AcmCertificateOutputs {
    return {
        ...inputs,
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

/** Brings a state written by any earlier release to the current layout. */
export function migrateAcmState(props: Record<string, unknown>): AcmCertificateOutputs {
    const state = { ...props } as Record<string, unknown>;
    delete state[PROVIDER_KEY];
    // stateVersion absent: the layout of 0.1.0 before versioning, identical but for the field itself.
    if (typeof state.keyAlgorithm === "string") state.keyAlgorithm = normaliseAcmKeyAlgorithm(state.keyAlgorithm);
    state.stateVersion = ACM_STATE_VERSION;
    return state as unknown as AcmCertificateOutputs;
}
