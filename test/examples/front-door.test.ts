import { test } from "node:test";
import assert from "node:assert/strict";
import { hierarchy } from "../../testing/pki";
import { runProgram } from "../harness/program";
import { exampleFunction, examplesUnavailable } from "./load-example";
import { assertKeyOnlyInCertificate, objectField, only, stringField } from "./registrations";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const VAULT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/edge-rg/providers/Microsoft.KeyVault/vaults/edge-vault`;
const ARM_SECRET_ID = `${VAULT_ID}/secrets/www-prod`;
const FRONT_DOOR_PRINCIPAL = "99999999-8888-7777-6666-555555555555";

type FrontDoorDomain = (args: {
    certificatePem: string;
    privateKeyPem: string;
    chainPem: string;
    vaultUrl: string;
    vaultResourceId: string;
    certificateName: string;
    resourceGroupName: string;
    profileName: string;
    frontDoorPrincipalId: string;
    hostName: string;
}) => unknown;

function mockOutputs(r: { type: string }): Record<string, unknown> | undefined {
    if (r.type !== "pulumi-nodejs:dynamic/certdeploy:KeyVaultCertificate") return undefined;
    return {
        versionlessId: "https://edge-vault.vault.azure.net/certificates/www-prod",
        versionlessSecretId: "https://edge-vault.vault.azure.net/secrets/www-prod",
        resourceManagerVersionlessSecretId: ARM_SECRET_ID,
    };
}

void test(
    "front-door: the customer-certificate secret follows the latest version of the ARM secret id, and the custom domain uses that secret",
    { skip: examplesUnavailable("@pulumi/azure-native") },
    async () => {
        // RSA: Front Door takes no EC certificates.
        const pki = await hierarchy("www.example.com", { kind: "rsa", bits: 2048 });
        const frontDoorDomain = exampleFunction<FrontDoorDomain>("front-door", "frontDoorDomain");

        const regs = await runProgram(
            () => {
                frontDoorDomain({
                    certificatePem: pki.leaf.certPem,
                    privateKeyPem: pki.leaf.keyPem,
                    chainPem: pki.chainPem,
                    vaultUrl: "https://edge-vault.vault.azure.net",
                    vaultResourceId: VAULT_ID,
                    certificateName: "www-prod",
                    resourceGroupName: "edge-rg",
                    profileName: "edge",
                    frontDoorPrincipalId: FRONT_DOOR_PRINCIPAL,
                    hostName: "www.example.com",
                });
            },
            { project: "edge", stack: "dev", mockOutputs },
        );

        const certificate = only(regs, "pulumi-nodejs:dynamic/certdeploy:KeyVaultCertificate");
        const secret = only(regs, "azure-native:cdn:Secret");
        const domain = only(regs, "azure-native:cdn:AFDCustomDomain");
        const roleAssignment = only(regs, "azure-native:authorization:RoleAssignment");

        assert.equal(
            certificate.inputs["vaultResourceId"],
            VAULT_ID,
            "without vaultResourceId certdeploy emits no ARM secret id",
        );
        const parameters = objectField(secret.inputs, "parameters");
        assert.equal(parameters["type"], "CustomerCertificate");
        assert.equal(objectField(parameters, "secretSource")["id"], ARM_SECRET_ID);
        assert.equal(parameters["useLatestVersion"], true);
        assert.equal(parameters["secretVersion"], undefined, "no pinned version");
        assert.equal(secret.inputs["profileName"], "edge");

        const tlsSettings = objectField(domain.inputs, "tlsSettings");
        assert.equal(tlsSettings["certificateType"], "CustomerCertificate");
        // The harness's mock gives each resource the id `<name>-id`.
        assert.equal(objectField(tlsSettings, "secret")["id"], "web-id");

        assert.equal(roleAssignment.inputs["principalId"], FRONT_DOOR_PRINCIPAL);
        assert.equal(roleAssignment.inputs["scope"], VAULT_ID);
        assert.match(
            stringField(roleAssignment.inputs, "roleDefinitionId"),
            /\/roleDefinitions\/4633458b-17de-408a-b874-0445c86b69e6$/,
            "Key Vault Secrets User",
        );
        assert.ok(secret.dependencies.includes(roleAssignment.urn), "the secret waits for Front Door's read access");
        assertKeyOnlyInCertificate(regs, certificate);
    },
);
