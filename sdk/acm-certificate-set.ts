import * as pulumi from "@pulumi/pulumi";
import { AcmCertificate, AcmCertificateArgs } from "./acm-certificate";
import { planMembers, type Member, type MemberIdentity } from "./set-members";
import {
    buildChildren,
    childCertificateId,
    componentOptions,
    type CertificateSetOptions,
    type SetMemberOptions,
} from "./set-options";

/**
 * Services that read an ACM certificate from one fixed region, whatever region
 * the rest of the stack is in: CloudFront and edge-optimized API Gateway
 * custom domains take certificates from us-east-1 only
 * (docs.aws.amazon.com/acm/latest/userguide/acm-services.html). Regional
 * consumers (ALB, NLB, regional API Gateway) read their own region and need
 * no entry.
 */
export type AcmFixedRegionConsumer = "cloudfront" | "api-gateway-edge";

const FIXED_REGION_CONSUMERS: readonly string[] = ["cloudfront", "api-gateway-edge"] satisfies AcmFixedRegionConsumer[];
const US_EAST_1 = "us-east-1";

export interface AcmCertificateSetArgs extends Omit<AcmCertificateArgs, "region" | "certificateArn"> {
    /** One certificate per region, e.g. `["us-east-1", "eu-west-1", "ap-southeast-2"]`. Plain strings: the children are named from them. */
    regions: string[];
    /** The region deployed first; every other region waits for it, so a canary that fails stops the rest before they write. Default: the first of `regions`. */
    canaryRegion?: string;
    /**
     * What will serve these certificates, when one of them needs a fixed
     * region: `["cloudfront"]` (or `"api-gateway-edge"`) without `us-east-1`
     * in `regions` is warned about in preview. A list rather than a boolean,
     * because it says which service needs the region, and `api-gateway-edge`
     * has the same rule as CloudFront.
     */
    consumers?: AcmFixedRegionConsumer[];
    /** Options of one region's certificate, by region: aliases for a certificate moved into the set, its own `certificateId`. */
    perRegion?: Record<string, SetMemberOptions>;
}

/**
 * The same certificate in several ACM regions: one `AcmCertificate` per
 * region, named `<name>-<region>`, parented to the set, each with the full
 * transaction (verify, rollback) of its own. The canary region goes first and
 * every other region depends on it, so a certificate that fails in the canary
 * is never written anywhere else.
 *
 * ```ts
 * const api = new AcmCertificateSet("api", { regions: ["us-east-1", "eu-west-1"], certificatePem, privateKeyPem: pulumi.secret(key), consumers: ["cloudfront"] });
 * // api.arns: { "us-east-1": "arn:aws:acm:us-east-1:123456789012:certificate/…", "eu-west-1": "arn:aws:acm:eu-west-1:123456789012:certificate/…" }
 * new aws.cloudfront.Distribution("site", { viewerCertificate: { acmCertificateArn: api.arns["us-east-1"], … }, … });
 * ```
 *
 * Each child's default `certificateId` is `<project>/<stack>/<name>-<region>`
 * (its own resource name); with `certificateId` set on the set it is
 * `<certificateId>-<region>`. Resource options: `protect` and `aliases`
 * reach the children through the parent; `retainOnDelete`, `ignoreChanges`
 * (AcmCertificate property names), `customTimeouts`, `replaceOnChanges`,
 * `deleteBeforeReplace`, `additionalSecretOutputs` and `deletedWith` are
 * passed to every child. To move an existing `new AcmCertificate("api", { region: "us-east-1", … })`
 * into `new AcmCertificateSet("api", { regions: ["us-east-1", …], … })` without
 * a new ARN, give that region its old name and id:
 * `perRegion: { "us-east-1": { aliases: [{ name: "api", parent: pulumi.rootStackResource }], certificateId: "<project>/<stack>/api" } }`.
 */
export class AcmCertificateSet extends pulumi.ComponentResource {
    /** Region (as listed in `regions`) → certificate ARN. */
    public readonly arns: pulumi.Output<Record<string, string>>;
    /** Region → the AcmCertificate child, for its other outputs. */
    public readonly certificates: Readonly<Record<string, AcmCertificate>>;
    /** The canary region's certificate. */
    public readonly canary: AcmCertificate;

    constructor(name: string, args: AcmCertificateSetArgs, opts?: CertificateSetOptions) {
        const members = planAcmMembers(name, args);
        super("certdeploy:index:AcmCertificateSet", name, {}, componentOptions(opts));
        warnIfFixedRegionMissing(this, name, args);
        const { regions: _r, canaryRegion: _c, consumers: _k, perRegion, certificateId, ...common } = args;
        const { children, canary } = buildChildren(this, members, opts, perRegion, (member, own, options) => {
            const childArgs: AcmCertificateArgs = {
                ...common,
                region: member.given,
                ...childCertificateId(certificateId, own, member),
            };
            return new AcmCertificate(`${name}-${member.suffix}`, childArgs, options);
        });
        this.certificates = children;
        this.canary = canary;
        this.arns = pulumi.all(Object.fromEntries(Object.entries(children).map(([region, c]) => [region, c.arn])));
        this.registerOutputs({ arns: this.arns });
    }
}

function planAcmMembers(name: string, args: AcmCertificateSetArgs): Member[] {
    const set = `AcmCertificateSet "${name}"`;
    const untyped = args as unknown as Record<string, unknown>;
    if (untyped.certificateArn !== undefined) {
        throw new pulumi.RunError(
            `${set}: certificateArn pins one ARN, which lives in one region; a set creates one ARN per region. Use AcmCertificate to pin an ARN`,
        );
    }
    if (untyped.region !== undefined) throw new pulumi.RunError(`${set}: takes regions (a list), not region`);
    const unknownConsumer = (args.consumers ?? []).find((c) => !FIXED_REGION_CONSUMERS.includes(c));
    if (unknownConsumer !== undefined) {
        throw new pulumi.RunError(
            `${set}: consumers has "${String(unknownConsumer)}"; the consumers that need a fixed region are ${FIXED_REGION_CONSUMERS.join(", ")} (regional ones need no entry)`,
        );
    }
    const names = {
        set,
        name,
        list: "regions",
        canaryName: "canaryRegion",
        perMemberName: "perRegion",
        noun: "region",
    };
    return planMembers(names, args.regions, args.canaryRegion, Object.keys(args.perRegion ?? {}), identifyRegion);
}

function identifyRegion(region: string): MemberIdentity | string {
    if (region.trim() === "") return 'regions has an empty entry; give region codes such as "us-east-1"';
    return { suffix: region, identity: region.toLowerCase() };
}

function warnIfFixedRegionMissing(set: AcmCertificateSet, name: string, args: AcmCertificateSetArgs): void {
    // Both fixed-region consumers read us-east-1.
    const needsUsEast1 = args.consumers ?? [];
    const hasUsEast1 = args.regions.some((r) => r.toLowerCase() === US_EAST_1);
    if (needsUsEast1.length === 0 || hasUsEast1) return;
    const served = needsUsEast1.join(" and ");
    void pulumi.log.warn(
        `AcmCertificateSet "${name}": consumers lists ${served}, which reads ACM certificates from ${US_EAST_1} only, but regions (${args.regions.join(", ")}) has no ${US_EAST_1}: ` +
            `add "${US_EAST_1}" to regions, or the distribution cannot use any of these certificates`,
        set,
    );
}
