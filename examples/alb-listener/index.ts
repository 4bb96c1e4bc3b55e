// pulumi config set aws:region eu-west-1
// pulumi config set loadBalancerArn arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/0123456789abcdef
// pulumi config set certificatePem < leaf.pem
// pulumi config set chainPem < chain.pem
// pulumi config set --secret privateKeyPem < key.pem
import * as pulumi from "@pulumi/pulumi";
import { albListener } from "./program";

const config = new pulumi.Config();
const { certificate, listener } = albListener({
    certificatePem: config.require("certificatePem"),
    privateKeyPem: config.requireSecret("privateKeyPem"),
    chainPem: config.get("chainPem"),
    // The certificate follows the stack's AWS region, the one the listener is created in.
    region: new pulumi.Config("aws").require("region"),
    loadBalancerArn: config.require("loadBalancerArn"),
});

export const certificateArn = certificate.arn;
export const certificateExpires = certificate.notAfter;
export const lastDeployment = certificate.lastDeployment;
export const listenerArn = listener.arn;
