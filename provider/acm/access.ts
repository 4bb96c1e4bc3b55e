/** Turns ACM SDK errors into messages that name the resource, the call and the fix. */
import { describeError } from "../deploy/errors";

export interface AwsErrorShape {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
}

export const awsErrorName = (e: unknown): string =>
    typeof e === "object" && e !== null ? String((e as AwsErrorShape).name ?? "") : "";

/** `principal` names who made the call, e.g. `role arn:aws:iam::…:role/certdeploy` (default: the deploying role). */
export function explainAcmError(
    e: unknown,
    operation: string,
    target: string,
    principal = "the deploying role",
): string {
    const name = awsErrorName(e);
    const action = `acm:${operation}`;
    if (name === "AccessDeniedException" || name === "AccessDenied" || name === "UnauthorizedOperation") {
        return `${operation} on ${target} was denied: grant the IAM action ${action} on this certificate to ${principal} (${describeError(e)})`;
    }
    if (name === "ThrottlingException")
        return `${operation} on ${target} was throttled after the SDK's retries; lower the number of parallel updates (pulumi up --parallel) and try again (${describeError(e)})`;
    if (name === "ResourceNotFoundException")
        return `${operation} on ${target}: the certificate does not exist (${describeError(e)}); run \`pulumi refresh\``;
    return `${operation} on ${target} failed: ${describeError(e)}`;
}
