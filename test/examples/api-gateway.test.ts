import { test } from "node:test";
import assert from "node:assert/strict";
import { hierarchy } from "../../testing/pki";
import { runProgram } from "../harness/program";
import { exampleFunction, examplesUnavailable } from "./load-example";
import { assertKeyOnlyInCertificate, objectField, only } from "./registrations";

const ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0b8f0b4c-1c3a-4e0e-9b5c-2a6f5f0c1e11";

type ApiDomain = (args: {
    certificatePem: string;
    privateKeyPem: string;
    chainPem?: string;
    region: string;
    domainName: string;
    apiId: string;
    stage: string;
}) => unknown;

void test(
    "api-gateway: the regional custom domain gets the certificate's ARN and the API is mapped onto that domain",
    { skip: examplesUnavailable("@pulumi/aws") },
    async () => {
        const pki = await hierarchy("api.example.com");
        const apiDomain = exampleFunction<ApiDomain>("api-gateway", "apiDomain");

        const regs = await runProgram(
            () => {
                apiDomain({
                    certificatePem: pki.leaf.certPem,
                    privateKeyPem: pki.leaf.keyPem,
                    chainPem: pki.chainPem,
                    region: "eu-west-1",
                    domainName: "api.example.com",
                    apiId: "a1b2c3d4e5",
                    stage: "$default",
                });
            },
            {
                project: "api",
                stack: "dev",
                mockOutputs: (r) =>
                    r.type === "pulumi-nodejs:dynamic/certdeploy:AcmCertificate" ? { arn: ARN } : undefined,
            },
        );

        const certificate = only(regs, "pulumi-nodejs:dynamic/certdeploy:AcmCertificate");
        const domain = only(regs, "aws:apigatewayv2/domainName:DomainName");
        const mapping = only(regs, "aws:apigatewayv2/apiMapping:ApiMapping");
        const configuration = objectField(domain.inputs, "domainNameConfiguration");
        assert.equal(configuration["certificateArn"], ARN);
        assert.equal(configuration["endpointType"], "REGIONAL");
        assert.equal(
            certificate.inputs["region"],
            domain.inputs["region"],
            "a regional domain needs its certificate in its own region",
        );
        // The harness's mock gives each resource the id `<name>-id`.
        assert.equal(mapping.inputs["domainName"], "api-id");
        assert.equal(mapping.inputs["apiId"], "a1b2c3d4e5");
        assert.ok(domain.dependencies.includes(certificate.urn));
        assertKeyOnlyInCertificate(regs, certificate);
    },
);
