/** KeyVaultCertificate state: outputs written to Pulumi state, and migration of older layouts. */
import type { Deployment, KeyVaultCertificateInputs, KeyVaultCertificateOutputs } from "../../sdk/schema-types";
import type { MaterialBundle } from "../material/bundle";
import { PROVIDER_KEY } from "../validate/check-inputs";
import { keyVaultIds } from "./ids";

export const KEY_VAULT_STATE_VERSION = 1;

export function keyVaultOutputs(inputs: KeyVaultCertificateInputs, bundle: MaterialBundle, version: string, deployment: Deployment): KeyVaultCertificateOutputs {
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

/** Brings a state written by any earlier release to the current layout. */
export function migrateKeyVaultState(props: Record<string, unknown>): KeyVaultCertificateOutputs {
    const state = { ...props };
    delete state[PROVIDER_KEY];
    if (typeof state.thumbprint === "string") state.thumbprint = state.thumbprint.toUpperCase();
    state.stateVersion = KEY_VAULT_STATE_VERSION;
    return state as unknown as KeyVaultCertificateOutputs;
}
