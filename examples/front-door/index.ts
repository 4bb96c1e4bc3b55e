// pulumi config set vaultUrl https://edge-vault.vault.azure.net
// pulumi config set vaultResourceId /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/edge-vault
// pulumi config set certificateName www-prod
// pulumi config set resourceGroupName edge-rg
// pulumi config set profileName edge
// pulumi config set frontDoorPrincipalId <object id of the profile's managed identity>
// pulumi config set hostName www.example.com
// pulumi config set certificatePem < leaf.pem
// pulumi config set chainPem < chain.pem
// pulumi config set --secret privateKeyPem < key.pem
import * as pulumi from "@pulumi/pulumi";
import { frontDoorDomain } from "./program";

const config = new pulumi.Config();
const { certificate, domain } = frontDoorDomain({
    certificatePem: config.require("certificatePem"),
    privateKeyPem: config.requireSecret("privateKeyPem"),
    chainPem: config.require("chainPem"),
    vaultUrl: config.require("vaultUrl"),
    vaultResourceId: config.require("vaultResourceId"),
    certificateName: config.require("certificateName"),
    resourceGroupName: config.require("resourceGroupName"),
    profileName: config.require("profileName"),
    frontDoorPrincipalId: config.require("frontDoorPrincipalId"),
    hostName: config.require("hostName"),
});

export const secretSource = certificate.resourceManagerVersionlessSecretId;
export const certificateVersion = certificate.version;
export const certificateExpires = certificate.notAfter;
export const lastDeployment = certificate.lastDeployment;
// Front Door asks for a TXT record to validate the domain.
export const validationProperties = domain.validationProperties;
