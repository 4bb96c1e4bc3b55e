import { test } from "node:test";
import assert from "node:assert/strict";
import { hierarchy } from "../../testing/pki";
import { runProgram } from "../harness/program";
import { exampleFunction, examplesUnavailable } from "./load-example";
import { objectField, only } from "./registrations";

const CHILD = "pulumi-nodejs:dynamic/certdeploy:AcmCertificate";
const arnOf = (region: string): string =>
    `arn:aws:acm:${region}:123456789012:certificate/0b8f0b4c-1c3a-4e0e-9b5c-2a6f5f0c1e11`;

type CloudFrontAndAlb = (args: {
    certificatePem: string;
    privateKeyPem: string;
    chainPem?: string;
    aliases: string[];
    albRegion: string;
    loadBalancerArn: string;
    originDomainName: string;
}) => unknown;

async function registrations(albRegion: string) {
    const pki = await hierarchy("www.example.com", { kind: "rsa", bits: 2048 });
    const cloudFrontAndAlb = exampleFunction<CloudFrontAndAlb>("cloudfront-and-alb", "cloudFrontAndAlb");
    return runProgram(
        () => {
            cloudFrontAndAlb({
                certificatePem: pki.leaf.certPem,
                privateKeyPem: pki.leaf.keyPem,
                chainPem: pki.chainPem,
                aliases: ["www.example.com"],
                albRegion,
                loadBalancerArn: `arn:aws:elasticloadbalancing:${albRegion}:123456789012:loadbalancer/app/web/1`,
                originDomainName: "web-1.elb.amazonaws.com",
            });
        },
        {
            project: "site",
            stack: "dev",
            mockOutputs: (r) => (r.type === CHILD ? { arn: arnOf(r.name.replace(/^web-/, "")) } : undefined),
        },
    );
}

void test(
    "cloudfront-and-alb: CloudFront gets the us-east-1 certificate, the listener its own region's; us-east-1 is the canary",
    { skip: examplesUnavailable("@pulumi/aws") },
    async () => {
        const regs = await registrations("eu-west-1");
        const set = only(regs, "certdeploy:index:AcmCertificateSet");
        const children = regs.filter((r) => r.type === CHILD);
        assert.deepEqual(
            children.map((c) => [c.name, c.inputs["region"], c.parent]),
            [
                ["web-us-east-1", "us-east-1", set.urn],
                ["web-eu-west-1", "eu-west-1", set.urn],
            ],
        );
        assert.deepEqual(children[1].dependencies, [children[0].urn], "eu-west-1 waits for the canary");
        const listener = only(regs, "aws:lb/listener:Listener");
        assert.equal(listener.inputs["certificateArn"], arnOf("eu-west-1"));
        assert.equal(listener.inputs["region"], "eu-west-1");
        const distribution = only(regs, "aws:cloudfront/distribution:Distribution");
        assert.equal(objectField(distribution.inputs, "viewerCertificate")["acmCertificateArn"], arnOf("us-east-1"));
        for (const child of children)
            assert.ok(child.secretInputs.includes("privateKeyPem"), `${child.name}: the key is registered as a secret`);
        for (const reg of regs.filter((r) => r.type !== CHILD))
            assert.doesNotMatch(
                JSON.stringify(reg.inputs),
                /PRIVATE KEY/,
                `${reg.type} ${reg.name} carries no key material`,
            );
    },
);

void test(
    "cloudfront-and-alb: a load balancer in us-east-1 shares CloudFront's certificate",
    { skip: examplesUnavailable("@pulumi/aws") },
    async () => {
        const regs = await registrations("us-east-1");
        const [child, ...more] = regs.filter((r) => r.type === CHILD);
        assert.equal(more.length, 0, "one certificate");
        assert.equal(only(regs, "aws:lb/listener:Listener").inputs["certificateArn"], arnOf("us-east-1"));
        assert.equal(
            objectField(only(regs, "aws:cloudfront/distribution:Distribution").inputs, "viewerCertificate")[
                "acmCertificateArn"
            ],
            arnOf("us-east-1"),
        );
        assert.equal(child.inputs["region"], "us-east-1");
    },
);
