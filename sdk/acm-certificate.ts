import * as pulumi from "@pulumi/pulumi";
import { ResourceArgs } from "./inputs";
import { providerProxy } from "./provider-proxy";
import { lookupProps, resourceProps, withSecrets } from "./resource-props";
import {
    AcmCertificateInputs,
    AcmCertificateOutputOnly,
    AcmCertificateSecretInputs,
    AcmRotation,
    Deployment,
    ServingCheck,
    ServingStatus,
} from "./schema-types";

export type AcmCertificateArgs = ResourceArgs<AcmCertificateInputs>;

/**
 * An imported certificate in AWS Certificate Manager. Later certificate changes
 * rotate the same ARN in place, verified and rolled back on mismatch — or, with
 * `rotation: "blue_green"`, go to a new ARN that consumers are repointed to
 * before the old ARN is deleted.
 *
 * ```ts
 * const api = new AcmCertificate("api", { region: "us-east-1", certificatePem, privateKeyPem: pulumi.secret(key) });
 * new aws.lb.Listener("https", { certificateArn: api.arn, ... });
 * // api.arn: "arn:aws:acm:us-east-1:123456789012:certificate/0b8f0b4c-1c3a-4e0e-9b5c-2a6f5f0c1e11"
 * ```
 */
export class AcmCertificate extends pulumi.dynamic.Resource {
    /** The certificate ARN, stable across rotations in place; a new one for each certificate under `rotation: "blue_green"`. */
    declare public readonly arn: pulumi.Output<string>;
    /** `in_place` (also when unset) or `blue_green`. */
    declare public readonly rotation: pulumi.Output<AcmRotation | undefined>;
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
    declare public readonly servingChecks: pulumi.Output<ServingCheck[] | undefined>;
    /** What each serving check saw at the last deployment, in `servingChecks` order, e.g. `[{ endpoint: "api.example.com:443", matched: true, servedFingerprintSha256: "ab:cd:…", checkedAt: "…" }]`. */
    declare public readonly servingStatus: pulumi.Output<ServingStatus[] | undefined>;

    /**
     * Reads an existing certificate by its arn, without managing it
     * (the state holds no key: nothing is deployed, rotated or deleted through it).
     *
     * ```ts
     * const existing = AcmCertificate.get("existing", "arn:aws:acm:us-east-1:123456789012:certificate/0b8f0b4c-1c3a-4e0e-9b5c-2a6f5f0c1e11");
     * ```
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): AcmCertificate {
        // With opts.id the constructor registers a read; the args are not sent.
        return new AcmCertificate(name, {} as AcmCertificateArgs, { ...opts, id });
    }

    constructor(name: string, args: AcmCertificateArgs, opts?: pulumi.CustomResourceOptions) {
        const props =
            opts?.id === undefined
                ? resourceProps(name, args, AcmCertificateOutputOnly, AcmCertificateSecretInputs)
                : lookupProps("certdeploy:index:AcmCertificate");
        super(
            providerProxy("acmProvider"),
            name,
            props,
            withSecrets(opts, AcmCertificateSecretInputs),
            "certdeploy",
            "AcmCertificate",
        );
    }
}
