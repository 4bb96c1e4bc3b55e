import { test } from "node:test";
import assert from "node:assert/strict";
import { hierarchy } from "../../testing/pki";
import { runProgram } from "../harness/program";
import { exampleFunction, examplesUnavailable } from "./load-example";
import { assertKeyOnlyInCertificate, only } from "./registrations";

const ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0b8f0b4c-1c3a-4e0e-9b5c-2a6f5f0c1e11";
const LOAD_BALANCER = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/0123456789abcdef";

type AlbListener = (args: {
    certificatePem: string;
    privateKeyPem: string;
    chainPem?: string;
    region: string;
    loadBalancerArn: string;
}) => unknown;

void test(
    "alb-listener: the HTTPS listener gets the certificate's ARN, in the certificate's region",
    { skip: examplesUnavailable("@pulumi/aws") },
    async () => {
        const pki = await hierarchy("www.example.com");
        const albListener = exampleFunction<AlbListener>("alb-listener", "albListener");

        const regs = await runProgram(
            () => {
                albListener({
                    certificatePem: pki.leaf.certPem,
                    privateKeyPem: pki.leaf.keyPem,
                    chainPem: pki.chainPem,
                    region: "eu-west-1",
                    loadBalancerArn: LOAD_BALANCER,
                });
            },
            {
                project: "alb",
                stack: "dev",
                mockOutputs: (r) =>
                    r.type === "pulumi-nodejs:dynamic/certdeploy:AcmCertificate" ? { arn: ARN } : undefined,
            },
        );

        const certificate = only(regs, "pulumi-nodejs:dynamic/certdeploy:AcmCertificate");
        const listener = only(regs, "aws:lb/listener:Listener");
        assert.equal(listener.inputs["certificateArn"], ARN);
        assert.equal(listener.inputs["protocol"], "HTTPS");
        assert.equal(listener.inputs["port"], 443);
        assert.equal(listener.inputs["loadBalancerArn"], LOAD_BALANCER);
        assert.equal(certificate.inputs["region"], "eu-west-1");
        assert.equal(listener.inputs["region"], "eu-west-1");
        assert.ok(
            listener.dependencies.includes(certificate.urn),
            "the listener depends on the certificate (created after it, deleted before it)",
        );
        assertKeyOnlyInCertificate(regs, certificate);
    },
);
