/**
 * A regional custom domain for an API Gateway HTTP API, serving a
 * certificate that certdeploy imports into ACM.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificate } from "certdeploy";

export interface ApiDomainArgs {
    /** The leaf certificate, PEM. */
    certificatePem: pulumi.Input<string>;
    /** The leaf's private key, PEM. Kept secret from config to state. */
    privateKeyPem: pulumi.Input<string>;
    /** Intermediates, PEM, issuer of the leaf first. */
    chainPem?: pulumi.Input<string>;
    /** The API's region: a regional domain name needs its certificate in the same region. */
    region: string;
    /** e.g. `api.example.com`; must be covered by the certificate. */
    domainName: pulumi.Input<string>;
    apiId: pulumi.Input<string>;
    stage: pulumi.Input<string>;
}

export function apiDomain(args: ApiDomainArgs): {
    certificate: AcmCertificate;
    domain: aws.apigatewayv2.DomainName;
    mapping: aws.apigatewayv2.ApiMapping;
} {
    const certificate = new AcmCertificate("api", {
        region: args.region,
        certificatePem: args.certificatePem,
        privateKeyPem: pulumi.secret(args.privateKeyPem),
        chainPem: args.chainPem,
        tags: { app: "api" },
    });

    // On `pulumi destroy` the domain goes first, but API Gateway can hold on to
    // the certificate for a while afterwards: if ACM answers
    // ResourceInUseException, wait and run `pulumi destroy` again.
    const domain = new aws.apigatewayv2.DomainName("api", {
        region: args.region,
        domainName: args.domainName,
        domainNameConfiguration: {
            certificateArn: certificate.arn,
            endpointType: "REGIONAL",
            securityPolicy: "TLS_1_2",
        },
    });

    const mapping = new aws.apigatewayv2.ApiMapping("api", {
        region: args.region,
        apiId: args.apiId,
        domainName: domain.id,
        stage: args.stage,
    });

    return { certificate, domain, mapping };
}
