import { test } from "node:test";
import assert from "node:assert/strict";
import { hierarchy } from "../../testing/pki";
import { runProgram } from "../harness/program";
import { exampleFunction, examplesUnavailable } from "./load-example";
import { assertKeyOnlyInCertificate, listField, objectField, only, stringField } from "./registrations";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const VAULT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/security-rg/providers/Microsoft.KeyVault/vaults/prod-vault`;
const VERSIONLESS_SECRET_ID = "https://prod-vault.vault.azure.net/secrets/web-prod";
const PRINCIPAL_ID = "11111111-2222-3333-4444-555555555555";

type AppGateway = (args: {
    certificatePem: string;
    privateKeyPem: string;
    chainPem?: string;
    vaultUrl: string;
    vaultResourceId: string;
    certificateName: string;
    resourceGroupName: string;
    location: string;
    subnetId: string;
    publicIpAddressId: string;
    hostName: string;
    backendFqdn: string;
}) => unknown;

function mockOutputs(r: { type: string }): Record<string, unknown> | undefined {
    if (r.type === "pulumi-nodejs:dynamic/certdeploy:KeyVaultCertificate") {
        return {
            versionlessId: "https://prod-vault.vault.azure.net/certificates/web-prod",
            versionlessSecretId: VERSIONLESS_SECRET_ID,
        };
    }
    if (r.type === "azure-native:managedidentity:UserAssignedIdentity") return { principalId: PRINCIPAL_ID };
    return undefined;
}

void test(
    "app-gateway: the gateway's SSL certificate is the version-less secret id, read through a user-assigned identity that holds Key Vault Secrets User",
    { skip: examplesUnavailable("@pulumi/azure-native") },
    async () => {
        const pki = await hierarchy("www.example.com", { kind: "rsa", bits: 2048 });
        const appGateway = exampleFunction<AppGateway>("app-gateway", "appGateway");

        const regs = await runProgram(
            () => {
                appGateway({
                    certificatePem: pki.leaf.certPem,
                    privateKeyPem: pki.leaf.keyPem,
                    chainPem: pki.chainPem,
                    vaultUrl: "https://prod-vault.vault.azure.net",
                    vaultResourceId: VAULT_ID,
                    certificateName: "web-prod",
                    resourceGroupName: "web-rg",
                    location: "westeurope",
                    subnetId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/web-rg/providers/Microsoft.Network/virtualNetworks/web/subnets/agw`,
                    publicIpAddressId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/web-rg/providers/Microsoft.Network/publicIPAddresses/agw`,
                    hostName: "www.example.com",
                    backendFqdn: "app.internal.example.com",
                });
            },
            { project: "agw", stack: "dev", mockOutputs },
        );

        const certificate = only(regs, "pulumi-nodejs:dynamic/certdeploy:KeyVaultCertificate");
        const gateway = only(regs, "azure-native:network:ApplicationGateway");
        const roleAssignment = only(regs, "azure-native:authorization:RoleAssignment");
        only(regs, "azure-native:managedidentity:UserAssignedIdentity");

        const [sslCertificate] = listField(gateway.inputs, "sslCertificates");
        assert.equal(
            sslCertificate["keyVaultSecretId"],
            VERSIONLESS_SECRET_ID,
            "the version-less secret id, so the gateway follows rotations",
        );
        const [listener] = listField(gateway.inputs, "httpListeners");
        assert.match(
            stringField(objectField(listener, "sslCertificate"), "id"),
            /\/applicationGateways\/agw-web\/sslCertificates\/web$/,
        );

        // The harness's mock gives each resource the id `<name>-id`.
        const identity = objectField(gateway.inputs, "identity");
        assert.equal(identity["type"], "UserAssigned");
        assert.deepEqual(identity["userAssignedIdentities"], ["agw-id"]);
        assert.equal(roleAssignment.inputs["principalId"], PRINCIPAL_ID);
        assert.equal(roleAssignment.inputs["scope"], VAULT_ID);
        assert.match(
            stringField(roleAssignment.inputs, "roleDefinitionId"),
            /\/roleDefinitions\/4633458b-17de-408a-b874-0445c86b69e6$/,
            "Key Vault Secrets User",
        );
        assert.ok(gateway.dependencies.includes(roleAssignment.urn), "the gateway waits for its read access");
        assert.ok(gateway.dependencies.includes(certificate.urn));
        assert.equal(certificate.inputs["certificateName"], "web-prod");
        assertKeyOnlyInCertificate(regs, certificate);
    },
);
