/**
 * Whose credentials sign this resource's ACM calls: the SDK's default chain,
 * a named profile (fromIni), or an IAM role assumed with either as the caller
 * (fromTemporaryCredentials). Only the AWS SDK's own credential providers are
 * used; no credential is ever an input. The STS client that assumes the role
 * takes the ACM client's region and request handler (so its proxy too).
 * docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html
 *
 *   acmCredentials({ assumeRole: { roleArn: "arn:aws:iam::210987654321:role/certdeploy" }, certificateId: "shop/prod/api" }, target)
 *   // a provider that calls sts:AssumeRole (session "certdeploy-shop-prod-api") and refreshes before expiry
 */
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { AcmCertificateInputs, AssumeRole } from "../../sdk/schema-types";
import { CertdeployError, describeError } from "../deploy/errors";
import { awsErrorName } from "./access";

type CredentialProviders = typeof import("@aws-sdk/credential-providers");

const loadProviders = (): CredentialProviders => require("@aws-sdk/credential-providers") as CredentialProviders;

/** The inputs that choose the credentials (state carries the same fields). */
export type AwsAccess = Pick<AcmCertificateInputs, "assumeRole" | "profile" | "certificateId">;

/** A credential could not be obtained: the message says whose and what to grant; ACM was not called. */
export class AwsCredentialError extends CertdeployError {
    readonly certdeployCredentialError = true;
    static override isInstance(e: unknown): e is AwsCredentialError {
        return (
            typeof e === "object" &&
            e !== null &&
            (e as { certdeployCredentialError?: unknown }).certdeployCredentialError === true
        );
    }
}

/** How messages name the identity that makes the calls, e.g. `role arn:aws:iam::…:role/x`. */
export function principalOf(access: AwsAccess): string {
    if (access.assumeRole) return `role ${access.assumeRole.roleArn}`;
    if (access.profile) return `the identity of profile "${access.profile}"`;
    return "the deploying role";
}

const SESSION_NAME_MAX = 64;

/** `certdeploy-` + the certificateId with characters STS refuses as `-`, cut to 64 (CloudTrail shows it). */
export function defaultSessionName(certificateId: string | undefined): string {
    const tail = (certificateId ?? "").replace(/[^\w+=,.@-]/g, "-");
    return `certdeploy-${tail}`.slice(0, SESSION_NAME_MAX).replace(/-+$/, "") || "certdeploy";
}

/**
 * Undefined for the default chain (the SDK resolves it itself); else the provider to give the client.
 * `clientConfig` is passed to the SDK's own clients inside fromIni (SSO, STS of role profiles).
 */
export function acmCredentials(
    access: AwsAccess,
    target: () => string,
    clientConfig: { requestHandler?: object } = {},
): AwsCredentialIdentityProvider | undefined {
    const { assumeRole: role, profile } = access;
    if (!role && !profile) return undefined;
    const providers = loadProviders();
    const fromProfile = profile ? providers.fromIni({ profile, clientConfig }) : undefined;
    if (!role) return fromProfile && explained(fromProfile, (e) => profileFailure(e, profile ?? "", target()));
    const assume = providers.fromTemporaryCredentials({
        params: {
            RoleArn: role.roleArn,
            RoleSessionName: role.sessionName ?? defaultSessionName(access.certificateId),
            ...(role.externalId !== undefined ? { ExternalId: role.externalId } : {}),
        },
        ...(fromProfile ? { masterCredentials: fromProfile } : {}),
    });
    return explained(assume, (e) => assumeRoleFailure(e, role, profile, target()));
}

function explained(
    provider: AwsCredentialIdentityProvider,
    explain: (e: unknown) => string,
): AwsCredentialIdentityProvider {
    return async (properties) => {
        try {
            return await provider(properties);
        } catch (e) {
            if (AwsCredentialError.isInstance(e)) throw e;
            throw new AwsCredentialError(explain(e));
        }
    };
}

const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation"]);

function assumeRoleFailure(e: unknown, role: AssumeRole, profile: string | undefined, target: string): string {
    const caller = profile
        ? `the identity of profile "${profile}"`
        : "the deploying identity (the SDK's default credential chain)";
    if (DENIED.has(awsErrorName(e))) {
        return (
            `${target}: sts:AssumeRole on ${role.roleArn} was denied. ${caller} needs the IAM permission sts:AssumeRole on ${role.roleArn}, ` +
            `and the role's trust policy must allow that caller${role.externalId !== undefined ? " with this sts:ExternalId" : ""} (runbook: "Deploying into another AWS account") (${describeError(e)})`
        );
    }
    return `${target}: assuming ${role.roleArn} as ${caller} failed: ${describeError(e)}`;
}

function profileFailure(e: unknown, profile: string, target: string): string {
    return `${target}: the credentials of AWS profile "${profile}" could not be loaded; check the profile in AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE (default ~/.aws) of the pulumi process (${describeError(e)})`;
}
