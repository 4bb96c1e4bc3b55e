// pulumi config set --path 'aliases[0]' www.example.com
// pulumi config set originDomainName origin.example.com
// pulumi config set certificatePem < leaf.pem
// pulumi config set chainPem < chain.pem
// pulumi config set --secret privateKeyPem < key.pem
import * as pulumi from "@pulumi/pulumi";
import { cloudFrontSite } from "./program";

const config = new pulumi.Config();
const { certificate, distribution } = cloudFrontSite({
    certificatePem: config.require("certificatePem"),
    privateKeyPem: config.requireSecret("privateKeyPem"),
    chainPem: config.get("chainPem"),
    aliases: config.requireObject<string[]>("aliases"),
    originDomainName: config.require("originDomainName"),
});

export const certificateArn = certificate.arn;
export const certificateExpires = certificate.notAfter;
export const lastDeployment = certificate.lastDeployment;
export const distributionDomainName = distribution.domainName;
