/**
 * `certdeploy validate`: the checks `pulumi preview` runs (`checkInputs` with the
 * target's rules), offline. Inputs not given on the command line (region, vault
 * URL, name) are passed as preview's "unknown" so their checks are skipped, not failed.
 */
import { ACM_RULES } from "../../provider/acm/inputs";
import { checkInputs, type CheckedInputs } from "../../provider/validate/check-inputs";
import { toFailures, type CheckFailure } from "../../provider/validate/failures";
import { KEY_VAULT_RULES } from "../../provider/keyvault/inputs";
import { UNKNOWN } from "../../provider/validate/unknown";
import type { Target } from "../target";
import { summariseMaterial, type CertificateSummary, type MaterialText } from "./certificate-summary";

export interface ValidateInputs extends MaterialText {
    target: Target;
    region?: string;
    vaultUrl?: string;
    certificateName?: string;
    tags?: Record<string, string>;
}

export interface ValidationResult {
    target: Target;
    valid: boolean;
    failures: CheckFailure[];
    warnings: CheckFailure[];
    /** Inputs not given, whose checks were skipped (as in a preview where they are not known yet). */
    skipped: string[];
    certificate?: CertificateSummary;
}

export function validateMaterial(inputs: ValidateInputs, now: Date = new Date()): ValidationResult {
    const material = {
        certificatePem: inputs.certificatePem,
        privateKeyPem: inputs.privateKeyPem,
        ...(inputs.chainPem !== undefined ? { chainPem: inputs.chainPem } : {}),
        ...(inputs.tags !== undefined ? { tags: inputs.tags } : {}),
    };
    const checked: CheckedInputs<unknown> =
        inputs.target === "acm"
            ? checkInputs(ACM_RULES, { ...material, region: inputs.region ?? UNKNOWN }, now)
            : checkInputs(
                  KEY_VAULT_RULES,
                  {
                      ...material,
                      vaultUrl: inputs.vaultUrl ?? UNKNOWN,
                      certificateName: inputs.certificateName ?? UNKNOWN,
                  },
                  now,
              );
    const failures = toFailures(checked.problems);
    const warnings = checked.problems
        .filter((p) => p.severity === "warning")
        .map((p) => ({ property: p.property, reason: `${p.property} ${p.reason}` }));
    const certificate = summariseMaterial(inputs.target, checked.bundle, inputs, now);
    return {
        target: inputs.target,
        valid: failures.length === 0,
        failures,
        warnings,
        skipped: checked.unknown,
        ...(certificate ? { certificate } : {}),
    };
}
