/** KeyVaultCertificate state: outputs written to Pulumi state, and migration of older layouts. */
import type { Deployment, KeyVaultCertificateInputs, KeyVaultCertificateOutputs } from "../../sdk/schema-types";
import { identityFromPem, type CertificateIdentity } from "../deploy/identity";
import type { MaterialBundle } from "../material/bundle";
import { PROVIDER_KEY } from "../deploy/state-props";
import type { LiveVersion } from "./client";
import { keyVaultIds } from "./ids";

export const KEY_VAULT_STATE_VERSION = 1;

export function keyVaultOutputs(
    inputs: KeyVaultCertificateInputs,
    bundle: MaterialBundle,
    version: string,
    deployment: Deployment,
): KeyVaultCertificateOutputs {
    return {
        ...inputs,
        certificateId: inputs.certificateId ?? "",
        ...keyVaultIds(inputs.vaultUrl, inputs.certificateName, version, inputs.vaultResourceId),
        version,
        thumbprint: bundle.leaf.thumbprintSha1,
        serial: bundle.leaf.serial,
        notBefore: bundle.leaf.notBefore.toISOString(),
        notAfter: bundle.leaf.notAfter.toISOString(),
        fingerprintSha256: bundle.leaf.fingerprintSha256,
        lastDeployment: deployment,
        stateVersion: KEY_VAULT_STATE_VERSION,
    };
}

/** The identity state records: its certificate, chain and version. */
export const recordedKeyVaultIdentity = (state: KeyVaultCertificateOutputs): CertificateIdentity | undefined =>
    identityFromPem(state.certificatePem, state.chainPem, state.version || undefined);

/** State pointing at `live`'s version ids (the same certificate, in another version: a restore, a resumed import). */
export function atVersion(state: KeyVaultCertificateOutputs, live: LiveVersion): KeyVaultCertificateOutputs {
    return {
        ...state,
        ...keyVaultIds(state.vaultUrl, state.certificateName, live.version, state.vaultResourceId),
        version: live.version,
        thumbprint: live.thumbprint,
    };
}

/**
 * State rewritten to a version found live that certdeploy did not deploy
 * (refresh after an out-of-band import, another writer's version): every field
 * derived from the certificate follows it. The chain is kept only when the
 * version's chain digest says it is the recorded one — Key Vault shows the
 * chain only inside the secret, which certdeploy does not read.
 */
export function withLiveVersion(state: KeyVaultCertificateOutputs, live: LiveVersion): KeyVaultCertificateOutputs {
    const recordedChain = identityFromPem(state.certificatePem, state.chainPem)?.chainSha256;
    const next: KeyVaultCertificateOutputs = {
        ...atVersion(state, live),
        certificatePem: live.pem?.certificate ?? state.certificatePem,
        serial: live.serial,
        fingerprintSha256: live.fingerprintSha256,
        notBefore: live.notBefore?.toISOString() ?? state.notBefore,
        notAfter: live.notAfter?.toISOString() ?? state.notAfter,
    };
    if (live.chainSha256 === undefined || live.chainSha256 !== recordedChain) delete next.chainPem;
    return next;
}

/** Brings a state written by any earlier release to the current layout. */
export function migrateKeyVaultState(props: Record<string, unknown>): KeyVaultCertificateOutputs {
    const state = { ...props };
    delete state[PROVIDER_KEY];
    if (typeof state.thumbprint === "string") state.thumbprint = state.thumbprint.toUpperCase();
    state.stateVersion = KEY_VAULT_STATE_VERSION;
    return state as unknown as KeyVaultCertificateOutputs;
}
