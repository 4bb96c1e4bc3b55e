// pulumi config set aws:region eu-west-1
// pulumi config set loadBalancerArn arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/0123456789abcdef
// pulumi config set originDomainName web-0123456789.eu-west-1.elb.amazonaws.com
// pulumi config set --path 'aliases[0]' www.example.com
// pulumi config set certificatePem < leaf.pem
// pulumi config set chainPem < chain.pem
// pulumi config set --secret privateKeyPem < key.pem
import * as pulumi from "@pulumi/pulumi";
import { cloudFrontAndAlb } from "./program";

const config = new pulumi.Config();
const { certificates, distribution, listener } = cloudFrontAndAlb({
    certificatePem: config.require("certificatePem"),
    privateKeyPem: config.requireSecret("privateKeyPem"),
    chainPem: config.get("chainPem"),
    aliases: config.requireObject<string[]>("aliases"),
    // The listener is in the stack's AWS region; CloudFront's copy goes to us-east-1.
    albRegion: new pulumi.Config("aws").require("region"),
    loadBalancerArn: config.require("loadBalancerArn"),
    originDomainName: config.require("originDomainName"),
});

// { "us-east-1": "arn:aws:acm:us-east-1:…", "eu-west-1": "arn:aws:acm:eu-west-1:…" }
export const certificateArns = certificates.arns;
export const canaryLastDeployment = certificates.canary.lastDeployment;
export const distributionDomainName = distribution.domainName;
export const listenerArn = listener.arn;
