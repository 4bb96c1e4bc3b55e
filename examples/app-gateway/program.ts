/**
 * An Application Gateway (v2) terminating TLS with a certificate that
 * certdeploy imports into Key Vault. The gateway reads it through a
 * user-assigned identity and follows the version-less secret id.
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { KeyVaultCertificate } from "certdeploy";

export interface AppGatewayArgs {
    /** The leaf certificate, PEM. */
    certificatePem: pulumi.Input<string>;
    /** The leaf's private key, PEM. Kept secret from config to state. */
    privateKeyPem: pulumi.Input<string>;
    /** Intermediates, PEM, issuer of the leaf first. */
    chainPem?: pulumi.Input<string>;
    /** e.g. `https://prod-vault.vault.azure.net`; the vault must use the Azure RBAC permission model. */
    vaultUrl: string;
    /** ARM id of that vault, the scope of the gateway's role assignment. */
    vaultResourceId: string;
    certificateName: string;
    resourceGroupName: pulumi.Input<string>;
    location: pulumi.Input<string>;
    /** The gateway's dedicated subnet. */
    subnetId: pulumi.Input<string>;
    /** A Standard SKU public IP address. */
    publicIpAddressId: pulumi.Input<string>;
    /** Host name the listener answers, e.g. `www.example.com`. */
    hostName: pulumi.Input<string>;
    /** Where requests go, e.g. `app.internal.example.com`. */
    backendFqdn: pulumi.Input<string>;
}

// Key Vault Secrets User: the gateway reads the PFX through the secret endpoint
// (learn.microsoft.com/azure/key-vault/general/rbac-guide).
const KEY_VAULT_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";
const GATEWAY_NAME = "agw-web";

export function appGateway(args: AppGatewayArgs): {
    certificate: KeyVaultCertificate;
    identity: managedidentity.UserAssignedIdentity;
    gateway: network.ApplicationGateway;
} {
    // Deployed with the credentials of whoever runs `pulumi up` (Key Vault
    // Certificates Officer on the vault), not with the gateway's identity.
    const certificate = new KeyVaultCertificate("agw", {
        vaultUrl: args.vaultUrl,
        certificateName: args.certificateName,
        certificatePem: args.certificatePem,
        privateKeyPem: pulumi.secret(args.privateKeyPem),
        chainPem: args.chainPem,
        tags: { app: "web" },
    });

    const identity = new managedidentity.UserAssignedIdentity("agw", {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
    });
    const subscriptionId = args.vaultResourceId.split("/")[2];
    const canReadSecrets = new authorization.RoleAssignment("agw-secrets-user", {
        scope: args.vaultResourceId,
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${KEY_VAULT_SECRETS_USER}`,
    });

    // Sub-resources of a gateway refer to each other by ARM id.
    const gatewayId = pulumi.interpolate`/subscriptions/${subscriptionId}/resourceGroups/${args.resourceGroupName}/providers/Microsoft.Network/applicationGateways/${GATEWAY_NAME}`;
    const ref = (collection: string, name: string): { id: pulumi.Output<string> } => ({
        id: pulumi.interpolate`${gatewayId}/${collection}/${name}`,
    });

    const gateway = new network.ApplicationGateway(
        "web",
        {
            applicationGatewayName: GATEWAY_NAME,
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            // Key Vault certificates need the v2 SKU.
            sku: { name: "Standard_v2", tier: "Standard_v2", capacity: 1 },
            identity: { type: network.ResourceIdentityType.UserAssigned, userAssignedIdentities: [identity.id] },
            gatewayIPConfigurations: [{ name: "gateway", subnet: { id: args.subnetId } }],
            frontendIPConfigurations: [{ name: "public", publicIPAddress: { id: args.publicIpAddressId } }],
            frontendPorts: [{ name: "https", port: 443 }],
            // The version-less secret id: the gateway polls Key Vault (every
            // 4 hours) and serves each version certdeploy adds, so a rotation
            // changes nothing here. Expect up to 4 hours before the new
            // certificate is served.
            sslCertificates: [{ name: "web", keyVaultSecretId: certificate.versionlessSecretId }],
            sslPolicy: { policyType: "Predefined", policyName: "AppGwSslPolicy20220101" },
            backendAddressPools: [{ name: "app", backendAddresses: [{ fqdn: args.backendFqdn }] }],
            backendHttpSettingsCollection: [
                {
                    name: "https",
                    port: 443,
                    protocol: "Https",
                    pickHostNameFromBackendAddress: true,
                    requestTimeout: 30,
                },
            ],
            httpListeners: [
                {
                    name: "https",
                    protocol: "Https",
                    hostName: args.hostName,
                    frontendIPConfiguration: ref("frontendIPConfigurations", "public"),
                    frontendPort: ref("frontendPorts", "https"),
                    sslCertificate: ref("sslCertificates", "web"),
                },
            ],
            requestRoutingRules: [
                {
                    name: "https",
                    ruleType: "Basic",
                    priority: 100,
                    httpListener: ref("httpListeners", "https"),
                    backendAddressPool: ref("backendAddressPools", "app"),
                    backendHttpSettings: ref("backendHttpSettingsCollection", "https"),
                },
            ],
        },
        // The gateway fetches the secret as soon as it is created; role
        // assignments can take a few minutes more to take effect.
        { dependsOn: [canReadSecrets] },
    );

    return { certificate, identity, gateway };
}
