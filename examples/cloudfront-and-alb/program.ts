/**
 * One certificate for a site served two ways: CloudFront in front (which
 * reads certificates from us-east-1 only) and an HTTPS listener on an
 * Application Load Balancer in the stack's region (which reads its own
 * region). An AcmCertificateSet deploys it to both regions, us-east-1 first
 * as the canary: a certificate ACM refuses there is never written to the
 * ALB's region.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificateSet } from "certdeploy";

export interface CloudFrontAndAlbArgs {
    /** The leaf certificate, PEM. CloudFront accepts RSA 1024/2048/3072 and EC P-256 keys only. */
    certificatePem: pulumi.Input<string>;
    /** The leaf's private key, PEM. Kept secret from config to state. */
    privateKeyPem: pulumi.Input<string>;
    /** Intermediates, PEM, issuer of the leaf first. */
    chainPem?: pulumi.Input<string>;
    /** Alternate domain names of the distribution; each must be covered by the certificate. */
    aliases: pulumi.Input<string>[];
    /** The load balancer's region, e.g. `eu-west-1`: the listener can only use a certificate from its own region. */
    albRegion: string;
    loadBalancerArn: pulumi.Input<string>;
    /** The load balancer's DNS name (or a name pointing at it), the distribution's origin, e.g. `web-123.eu-west-1.elb.amazonaws.com`. */
    originDomainName: pulumi.Input<string>;
}

const CLOUDFRONT_REGION = "us-east-1";
// Managed-CachingOptimized (docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html)
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";

export function cloudFrontAndAlb(args: CloudFrontAndAlbArgs): {
    certificates: AcmCertificateSet;
    distribution: aws.cloudfront.Distribution;
    listener: aws.lb.Listener;
} {
    // A load balancer in us-east-1 shares CloudFront's certificate: a set lists each region once.
    const regions = args.albRegion === CLOUDFRONT_REGION ? [CLOUDFRONT_REGION] : [CLOUDFRONT_REGION, args.albRegion];
    const certificates = new AcmCertificateSet("web", {
        regions,
        // Preview warns if us-east-1 ever goes missing from regions.
        consumers: ["cloudfront"],
        certificatePem: args.certificatePem,
        privateKeyPem: pulumi.secret(args.privateKeyPem),
        chainPem: args.chainPem,
        tags: { app: "web" },
    });

    const listener = new aws.lb.Listener("https", {
        region: args.albRegion,
        loadBalancerArn: args.loadBalancerArn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificateArn: certificates.certificates[args.albRegion].arn,
        defaultActions: [
            {
                type: "fixed-response",
                fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "not found" },
            },
        ],
    });

    // The load balancer is the distribution's origin, reached over HTTPS with the same certificate.
    const distribution = new aws.cloudfront.Distribution("site", {
        enabled: true,
        aliases: args.aliases,
        origins: [
            {
                originId: "alb",
                domainName: args.originDomainName,
                customOriginConfig: {
                    originProtocolPolicy: "https-only",
                    httpPort: 80,
                    httpsPort: 443,
                    originSslProtocols: ["TLSv1.2"],
                },
            },
        ],
        defaultCacheBehavior: {
            targetOriginId: "alb",
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: ["GET", "HEAD"],
            cachedMethods: ["GET", "HEAD"],
            cachePolicyId: CACHING_OPTIMIZED,
        },
        viewerCertificate: {
            acmCertificateArn: certificates.certificates[CLOUDFRONT_REGION].arn,
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: "TLSv1.2_2021",
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
    });

    return { certificates, distribution, listener };
}
