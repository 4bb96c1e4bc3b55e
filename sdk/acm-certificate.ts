import * as pulumi from "@pulumi/pulumi";
import { ResourceArgs } from "./inputs";
import { providerProxy } from "./provider-proxy";
import { AcmCertificateInputs, AcmCertificateSecretInputs, Deployment } from "./schema-types";

export type AcmCertificateArgs = ResourceArgs<AcmCertificateInputs>;

/**
 * An imported certificate in AWS Certificate Manager. Later certificate changes
 * rotate the same ARN in place, verified and rolled back on mismatch.
 *
 * ```ts
 * const api = new AcmCertificate("api", { region: "us-east-1", certificatePem, privateKeyPem: pulumi.secret(key) });
 * new aws.lb.Listener("https", { certificateArn: api.arn, ... });
 * // api.arn: "arn:aws:acm:us-east-1:123456789012:certificate/0b8f0b4c-1c3a-4e0e-9b5c-2a6f5f0c1e11"
 * ```
 */
export class AcmCertificate extends pulumi.dynamic.Resource {
    /** The certificate ARN, stable across rotations. */
    declare public readonly arn: pulumi.Output<string>;
    declare public readonly region: pulumi.Output<string>;
    declare public readonly certificateArn: pulumi.Output<string | undefined>;
    declare public readonly certificateId: pulumi.Output<string>;
    /** Lowercase colon-separated hex, e.g. `0a:1b:2c`. */
    declare public readonly serial: pulumi.Output<string>;
    declare public readonly notBefore: pulumi.Output<string>;
    declare public readonly notAfter: pulumi.Output<string>;
    /** e.g. `RSA_2048`, `EC_prime256v1`. */
    declare public readonly keyAlgorithm: pulumi.Output<string>;
    declare public readonly domainName: pulumi.Output<string>;
    declare public readonly subjectAlternativeNames: pulumi.Output<string[]>;
    declare public readonly fingerprintSha256: pulumi.Output<string>;
    declare public readonly inUseBy: pulumi.Output<string[] | undefined>;
    declare public readonly tags: pulumi.Output<Record<string, string> | undefined>;
    declare public readonly lastDeployment: pulumi.Output<Deployment>;

    constructor(name: string, args: AcmCertificateArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            ...args,
            certificateId: args.certificateId ?? `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
            ...outputNames([
                "arn",
                "serial",
                "notBefore",
                "notAfter",
                "keyAlgorithm",
                "domainName",
                "subjectAlternativeNames",
                "fingerprintSha256",
                "inUseBy",
                "lastDeployment",
                "stateVersion",
            ]),
        };
        super(providerProxy("acmProvider"), name, props, withSecrets(opts, AcmCertificateSecretInputs), "certdeploy", "AcmCertificate");
    }
}

/** Output-only properties are registered as undefined so the engine reports them back. */
export function outputNames(names: string[]): Record<string, undefined> {
    return Object.fromEntries(names.map((n) => [n, undefined]));
}

export function withSecrets(opts: pulumi.CustomResourceOptions | undefined, secrets: readonly string[]): pulumi.CustomResourceOptions {
    return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] };
}
