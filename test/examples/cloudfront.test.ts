import { test } from "node:test";
import assert from "node:assert/strict";
import { hierarchy } from "../../testing/pki";
import { runProgram } from "../harness/program";
import { exampleFunction, examplesUnavailable } from "./load-example";
import { assertKeyOnlyInCertificate, objectField, only } from "./registrations";

const ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0b8f0b4c-1c3a-4e0e-9b5c-2a6f5f0c1e11";

type CloudFrontSite = (args: {
    certificatePem: string;
    privateKeyPem: string;
    chainPem?: string;
    aliases: string[];
    originDomainName: string;
}) => unknown;

void test(
    "cloudfront: the distribution's viewer certificate is the ARN of a certificate imported into us-east-1",
    { skip: examplesUnavailable("@pulumi/aws") },
    async () => {
        // RSA 2048: one of the key types CloudFront accepts.
        const pki = await hierarchy("www.example.com", { kind: "rsa", bits: 2048 });
        const cloudFrontSite = exampleFunction<CloudFrontSite>("cloudfront", "cloudFrontSite");

        const regs = await runProgram(
            () => {
                cloudFrontSite({
                    certificatePem: pki.leaf.certPem,
                    privateKeyPem: pki.leaf.keyPem,
                    chainPem: pki.chainPem,
                    aliases: ["www.example.com"],
                    originDomainName: "origin.example.com",
                });
            },
            {
                project: "site",
                stack: "dev",
                mockOutputs: (r) =>
                    r.type === "pulumi-nodejs:dynamic/certdeploy:AcmCertificate" ? { arn: ARN } : undefined,
            },
        );

        const certificate = only(regs, "pulumi-nodejs:dynamic/certdeploy:AcmCertificate");
        const distribution = only(regs, "aws:cloudfront/distribution:Distribution");
        assert.equal(certificate.inputs["region"], "us-east-1");
        const viewerCertificate = objectField(distribution.inputs, "viewerCertificate");
        assert.equal(viewerCertificate["acmCertificateArn"], ARN);
        assert.equal(viewerCertificate["sslSupportMethod"], "sni-only");
        assert.deepEqual(distribution.inputs["aliases"], ["www.example.com"]);
        assert.ok(distribution.dependencies.includes(certificate.urn));
        assertKeyOnlyInCertificate(regs, certificate);
    },
);
