/**
 * The demo's Pulumi program, run by the harness engine under the real Node
 * language runtime as `pulumi up` runs an `index.js`: one AcmCertificate and one
 * KeyVaultCertificate, their material and endpoints from stack config (the
 * keys as secret config), the way a user's program reads them.
 *
 *   demo:acmEndpoint, demo:vaultUrl
 *   demo:acmCertificatePem, demo:acmChainPem, demo:acmPrivateKeyPem (secret)
 *   demo:kvCertificatePem,  demo:kvChainPem,  demo:kvPrivateKeyPem (secret)
 */
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificate, KeyVaultCertificate } from "../sdk";

const config = new pulumi.Config("demo");

new AcmCertificate("api", {
    region: "us-east-1",
    certificatePem: config.require("acmCertificatePem"),
    privateKeyPem: config.requireSecret("acmPrivateKeyPem"),
    chainPem: config.require("acmChainPem"),
    tags: { env: "production" },
    endpoint: config.require("acmEndpoint"),
});

new KeyVaultCertificate("api-agw", {
    vaultUrl: config.require("vaultUrl"),
    certificateName: "api-prod",
    certificatePem: config.require("kvCertificatePem"),
    privateKeyPem: config.requireSecret("kvPrivateKeyPem"),
    chainPem: config.require("kvChainPem"),
    credentialMode: "managed_identity",
});
