/**
 * A CloudFront distribution in front of an HTTPS origin, serving a
 * certificate that certdeploy imports into ACM.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificate } from "certdeploy";

export interface CloudFrontSiteArgs {
    /** The leaf certificate, PEM. CloudFront accepts RSA 1024/2048/3072 and EC P-256 keys only. */
    certificatePem: pulumi.Input<string>;
    /** The leaf's private key, PEM. Kept secret from config to state. */
    privateKeyPem: pulumi.Input<string>;
    /** Intermediates, PEM, issuer of the leaf first. */
    chainPem?: pulumi.Input<string>;
    /** Alternate domain names; each must be covered by the certificate. */
    aliases: pulumi.Input<string>[];
    /** Host name of the origin, e.g. `origin.example.com`. */
    originDomainName: pulumi.Input<string>;
}

// Managed-CachingOptimized (docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html)
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";

export function cloudFrontSite(args: CloudFrontSiteArgs): {
    certificate: AcmCertificate;
    distribution: aws.cloudfront.Distribution;
} {
    // CloudFront reads viewer certificates from us-east-1 only, whatever
    // region the rest of the stack uses. The region is an input of the
    // certificate itself, so no second aws.Provider is needed.
    const certificate = new AcmCertificate("site", {
        region: "us-east-1",
        certificatePem: args.certificatePem,
        privateKeyPem: pulumi.secret(args.privateKeyPem),
        chainPem: args.chainPem,
        tags: { app: "site" },
    });

    // After a rotation (same ARN), edge locations can keep serving the previous
    // certificate for up to 24 hours: rotate well before notAfter.
    const distribution = new aws.cloudfront.Distribution("site", {
        enabled: true,
        aliases: args.aliases,
        origins: [
            {
                originId: "origin",
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
            targetOriginId: "origin",
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: ["GET", "HEAD"],
            cachedMethods: ["GET", "HEAD"],
            cachePolicyId: CACHING_OPTIMIZED,
        },
        viewerCertificate: {
            acmCertificateArn: certificate.arn,
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: "TLSv1.2_2021",
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
    });

    return { certificate, distribution };
}
