import { randomUUID } from "node:crypto";
import { AcmServiceError } from "./service-error";

/** `arn:aws:acm:<region>:<account>:certificate/<uuid>` (other partitions keep the same shape). */
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;

export function makeCertificateArn(region: string, accountId: string): string {
    return `arn:aws:acm:${region}:${accountId}:certificate/${randomUUID()}`;
}

/** Throws InvalidArnException for a value that is not a certificate ARN at all. */
export function checkCertificateArn(arn: string): void {
    if (arn.length < 20 || arn.length > 2048 || !CERTIFICATE_ARN.test(arn)) {
        throw new AcmServiceError("InvalidArnException", `String '${arn}' is not a valid ARN.`);
    }
}
