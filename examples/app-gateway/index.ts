// pulumi config set vaultUrl https://prod-vault.vault.azure.net
// pulumi config set vaultResourceId /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/prod-vault
// pulumi config set certificateName web-prod
// pulumi config set resourceGroupName web-rg
// pulumi config set location westeurope
// pulumi config set subnetId /subscriptions/<sub>/resourceGroups/web-rg/providers/Microsoft.Network/virtualNetworks/web/subnets/agw
// pulumi config set publicIpAddressId /subscriptions/<sub>/resourceGroups/web-rg/providers/Microsoft.Network/publicIPAddresses/agw
// pulumi config set hostName www.example.com
// pulumi config set backendFqdn app.internal.example.com
// pulumi config set certificatePem < leaf.pem
// pulumi config set chainPem < chain.pem
// pulumi config set --secret privateKeyPem < key.pem
import * as pulumi from "@pulumi/pulumi";
import { appGateway } from "./program";

const config = new pulumi.Config();
const { certificate, gateway } = appGateway({
    certificatePem: config.require("certificatePem"),
    privateKeyPem: config.requireSecret("privateKeyPem"),
    chainPem: config.get("chainPem"),
    vaultUrl: config.require("vaultUrl"),
    vaultResourceId: config.require("vaultResourceId"),
    certificateName: config.require("certificateName"),
    resourceGroupName: config.require("resourceGroupName"),
    location: config.require("location"),
    subnetId: config.require("subnetId"),
    publicIpAddressId: config.require("publicIpAddressId"),
    hostName: config.require("hostName"),
    backendFqdn: config.require("backendFqdn"),
});

export const keyVaultSecretId = certificate.versionlessSecretId;
export const certificateVersion = certificate.version;
export const certificateExpires = certificate.notAfter;
export const lastDeployment = certificate.lastDeployment;
export const gatewayId = gateway.id;
