/**
 * A custom domain on an existing Azure Front Door (Standard/Premium) profile,
 * serving a customer certificate that certdeploy imports into Key Vault.
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as cdn from "@pulumi/azure-native/cdn";
import * as pulumi from "@pulumi/pulumi";
import { KeyVaultCertificate } from "certdeploy";

export interface FrontDoorDomainArgs {
    /** The leaf certificate, PEM. Front Door takes RSA keys only, with the full chain. */
    certificatePem: pulumi.Input<string>;
    /** The leaf's private key, PEM. Kept secret from config to state. */
    privateKeyPem: pulumi.Input<string>;
    /** Intermediates, PEM, issuer of the leaf first. */
    chainPem: pulumi.Input<string>;
    /** e.g. `https://edge-vault.vault.azure.net`, in the profile's subscription, Azure RBAC permission model. */
    vaultUrl: string;
    /** ARM id of that vault: certdeploy needs it to emit the ARM secret id Front Door takes. */
    vaultResourceId: string;
    certificateName: string;
    resourceGroupName: pulumi.Input<string>;
    profileName: pulumi.Input<string>;
    /** Object id of the identity Front Door reads Key Vault with (the profile's managed identity). */
    frontDoorPrincipalId: pulumi.Input<string>;
    /** e.g. `www.example.com`; must be covered by the certificate. */
    hostName: pulumi.Input<string>;
}

// Key Vault Secrets User (learn.microsoft.com/azure/key-vault/general/rbac-guide).
const KEY_VAULT_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";

export function frontDoorDomain(args: FrontDoorDomainArgs): {
    certificate: KeyVaultCertificate;
    secret: cdn.Secret;
    domain: cdn.AFDCustomDomain;
} {
    const certificate = new KeyVaultCertificate("afd", {
        vaultUrl: args.vaultUrl,
        certificateName: args.certificateName,
        vaultResourceId: args.vaultResourceId,
        certificatePem: args.certificatePem,
        privateKeyPem: pulumi.secret(args.privateKeyPem),
        chainPem: args.chainPem,
        tags: { app: "edge" },
    });

    const subscriptionId = args.vaultResourceId.split("/")[2];
    const canReadSecrets = new authorization.RoleAssignment("afd-secrets-user", {
        scope: args.vaultResourceId,
        principalId: args.frontDoorPrincipalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${KEY_VAULT_SECRETS_USER}`,
    });

    // "Latest" version: Front Door follows the version-less ARM secret id and
    // picks up each version certdeploy adds by itself, so a rotation changes
    // nothing here. Rolling a new version out to every edge can take up to
    // about 96 hours: rotate well before notAfter.
    const secret = new cdn.Secret(
        "web",
        {
            resourceGroupName: args.resourceGroupName,
            profileName: args.profileName,
            parameters: {
                type: "CustomerCertificate",
                secretSource: { id: certificate.resourceManagerVersionlessSecretId },
                useLatestVersion: true,
            },
        },
        { dependsOn: [canReadSecrets] },
    );

    const domain = new cdn.AFDCustomDomain("web", {
        resourceGroupName: args.resourceGroupName,
        profileName: args.profileName,
        hostName: args.hostName,
        tlsSettings: { certificateType: "CustomerCertificate", minimumTlsVersion: "TLS12", secret: { id: secret.id } },
    });

    return { certificate, secret, domain };
}
