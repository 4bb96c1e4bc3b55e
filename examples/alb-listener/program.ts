/**
 * An HTTPS listener on an existing Application Load Balancer, serving a
 * certificate that certdeploy imports into ACM.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificate } from "certdeploy";

export interface AlbListenerArgs {
    /** The leaf certificate, PEM. */
    certificatePem: pulumi.Input<string>;
    /** The leaf's private key, PEM. Kept secret from config to state. */
    privateKeyPem: pulumi.Input<string>;
    /** Intermediates, PEM, issuer of the leaf first. */
    chainPem?: pulumi.Input<string>;
    /** The load balancer's region: a listener can only use an ACM certificate from its own region. */
    region: string;
    loadBalancerArn: pulumi.Input<string>;
}

export function albListener(args: AlbListenerArgs): { certificate: AcmCertificate; listener: aws.lb.Listener } {
    const certificate = new AcmCertificate("web", {
        region: args.region,
        certificatePem: args.certificatePem,
        privateKeyPem: pulumi.secret(args.privateKeyPem),
        chainPem: args.chainPem,
        tags: { app: "web" },
    });

    // A renewal re-imports into the same ARN, so this input never changes and
    // the listener is not touched by a rotation.
    const listener = new aws.lb.Listener("https", {
        region: args.region,
        loadBalancerArn: args.loadBalancerArn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificateArn: certificate.arn,
        defaultActions: [
            {
                type: "fixed-response",
                fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "not found" },
            },
        ],
    });

    return { certificate, listener };
}
