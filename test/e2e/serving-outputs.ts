/** Reading serving-check outputs in end-to-end tests, and the host settings that keep their polls short. */
import type { Hierarchy } from "../../testing/pki";
import type { ServedMaterial } from "../fixtures/serving-server";

/** Polls every 100 ms, handshakes bounded at 5 s (the provider's knobs, like verify's). */
export const SERVING_ENV = { CERTDEPLOY_SERVING_POLL_MS: "100", CERTDEPLOY_SERVING_HANDSHAKE_MS: "5000" };

export interface ServingStatusOut {
    endpoint: string;
    matched: boolean;
    servedFingerprintSha256: string;
    checkedAt: string;
    error?: string;
}

export const served = (h: Hierarchy): ServedMaterial => ({
    certPem: h.leaf.certPem,
    keyPem: h.leaf.keyPem,
    chainPem: h.chainPem,
});

export function statusesOf(outputs: Record<string, unknown>): ServingStatusOut[] {
    const statuses = outputs.servingStatus;
    if (!Array.isArray(statuses)) throw new Error("no servingStatus output");
    return statuses as ServingStatusOut[];
}

/** `lastDeployment.steps` as [step, ok] pairs. */
export const stepsOf = (outputs: Record<string, unknown>): [string, boolean][] =>
    (outputs.lastDeployment as { steps: { step: string; ok: boolean }[] }).steps.map((s) => [s.step, s.ok]);

/** Colon hex → plain hex, as the emulators' and live-identity's fingerprints are. */
export const unhex = (fingerprint: string): string => fingerprint.replace(/:/g, "").toLowerCase();
