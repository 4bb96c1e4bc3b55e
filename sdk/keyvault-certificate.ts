import * as pulumi from "@pulumi/pulumi";
import { ResourceArgs } from "./inputs";
import { providerProxy } from "./provider-proxy";
import { lookupProps, resourceProps, withSecrets } from "./resource-props";
import {
    Deployment,
    KeyVaultCertificateInputs,
    KeyVaultCertificateOutputOnly,
    KeyVaultCertificateSecretInputs,
    ServingCheck,
    ServingStatus,
} from "./schema-types";

export type KeyVaultCertificateArgs = ResourceArgs<KeyVaultCertificateInputs>;

/**
 * A certificate in Azure Key Vault. Each rotation adds a verified version;
 * consumers follow the version-less ids.
 *
 * ```ts
 * const agw = new KeyVaultCertificate("api-agw", { vaultUrl: "https://prod-vault.vault.azure.net", certificateName: "api-prod", certificatePem, privateKeyPem: pulumi.secret(key) });
 * // agw.versionlessSecretId: "https://prod-vault.vault.azure.net/secrets/api-prod" → Application Gateway keyVaultSecretId
 * ```
 */
export class KeyVaultCertificate extends pulumi.dynamic.Resource {
    /** `https://{vault}/certificates/{name}`, stable across rotations. */
    declare public readonly versionlessId: pulumi.Output<string>;
    /** `https://{vault}/secrets/{name}`, for Application Gateway `keyVaultSecretId`. */
    declare public readonly versionlessSecretId: pulumi.Output<string>;
    declare public readonly certificateVersionId: pulumi.Output<string>;
    declare public readonly secretVersionId: pulumi.Output<string>;
    declare public readonly version: pulumi.Output<string>;
    /** SHA-1 thumbprint (x5t), uppercase hex. */
    declare public readonly thumbprint: pulumi.Output<string>;
    declare public readonly serial: pulumi.Output<string>;
    declare public readonly notBefore: pulumi.Output<string>;
    declare public readonly notAfter: pulumi.Output<string>;
    declare public readonly fingerprintSha256: pulumi.Output<string>;
    /** ARM-style version-less secret id for Front Door; set only with `vaultResourceId`. */
    declare public readonly resourceManagerVersionlessSecretId: pulumi.Output<string | undefined>;
    declare public readonly vaultUrl: pulumi.Output<string>;
    declare public readonly certificateName: pulumi.Output<string>;
    declare public readonly certificateId: pulumi.Output<string>;
    declare public readonly tags: pulumi.Output<Record<string, string> | undefined>;
    declare public readonly lastDeployment: pulumi.Output<Deployment>;
    declare public readonly servingChecks: pulumi.Output<ServingCheck[] | undefined>;
    /** What each serving check saw at the last deployment, in `servingChecks` order, e.g. `[{ endpoint: "api.example.com:443", matched: true, servedFingerprintSha256: "ab:cd:…", checkedAt: "…" }]`. */
    declare public readonly servingStatus: pulumi.Output<ServingStatus[] | undefined>;

    /**
     * Reads an existing certificate by its version-less certificate id, without managing it
     * (the state holds no key: nothing is deployed, rotated or deleted through it).
     *
     * ```ts
     * const existing = KeyVaultCertificate.get("existing", "https://prod-vault.vault.azure.net/certificates/api-prod");
     * ```
     */
    public static get(
        name: string,
        id: pulumi.Input<pulumi.ID>,
        opts?: pulumi.CustomResourceOptions,
    ): KeyVaultCertificate {
        // With opts.id the constructor registers a read; the args are not sent.
        return new KeyVaultCertificate(name, {} as KeyVaultCertificateArgs, { ...opts, id });
    }

    constructor(name: string, args: KeyVaultCertificateArgs, opts?: pulumi.CustomResourceOptions) {
        const props =
            opts?.id === undefined
                ? resourceProps(name, args, KeyVaultCertificateOutputOnly, KeyVaultCertificateSecretInputs)
                : lookupProps("certdeploy:index:KeyVaultCertificate");
        super(
            providerProxy("keyVaultProvider"),
            name,
            props,
            withSecrets(opts, KeyVaultCertificateSecretInputs),
            "certdeploy",
            "KeyVaultCertificate",
        );
    }
}
