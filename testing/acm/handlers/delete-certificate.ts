import { AcmServiceError } from "../service-error";
import type { JsonObject } from "../input";
import { certificateFromInput } from "./read-certificate";
import type { OperationContext, OperationResult } from "./operation-context";

export function deleteCertificate(input: JsonObject, context: OperationContext): OperationResult {
    const certificate = certificateFromInput(input, context);
    if (certificate.inUseBy.length > 0) {
        // A certificate in use by another AWS resource cannot be deleted (API_DeleteCertificate.html).
        throw new AcmServiceError("ResourceInUseException", `Certificate ${certificate.arn} is in use.`);
    }
    context.store.delete(certificate.arn);
    return { output: {}, arn: certificate.arn };
}
