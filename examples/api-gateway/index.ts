// pulumi config set aws:region eu-west-1
// pulumi config set domainName api.example.com
// pulumi config set apiId a1b2c3d4e5
// pulumi config set stage '$default'
// pulumi config set certificatePem < leaf.pem
// pulumi config set chainPem < chain.pem
// pulumi config set --secret privateKeyPem < key.pem
import * as pulumi from "@pulumi/pulumi";
import { apiDomain } from "./program";

const config = new pulumi.Config();
const { certificate, domain } = apiDomain({
    certificatePem: config.require("certificatePem"),
    privateKeyPem: config.requireSecret("privateKeyPem"),
    chainPem: config.get("chainPem"),
    region: new pulumi.Config("aws").require("region"),
    domainName: config.require("domainName"),
    apiId: config.require("apiId"),
    stage: config.require("stage"),
});

export const certificateArn = certificate.arn;
export const certificateExpires = certificate.notAfter;
export const lastDeployment = certificate.lastDeployment;
// Point a DNS alias (or CNAME) for the domain at this name.
export const targetDomainName = domain.domainNameConfiguration.targetDomainName;
