/** Exception names as ACM spells them in `__type`. */
export type AcmExceptionName =
    | "ValidationException"
    | "ResourceNotFoundException"
    | "ResourceInUseException"
    | "ThrottlingException"
    | "AccessDeniedException"
    | "InvalidArnException"
    | "InvalidTagException"
    | "TooManyTagsException"
    | "LimitExceededException"
    | "InvalidParameterException"
    | "InvalidArgsException"
    | "RequestInProgressException"
    | "UnknownOperationException"
    | "SerializationException"
    | "InternalFailure";

/** An error the emulator answers with `{"__type": name, "message": ...}`. */
export class AcmServiceError extends Error {
    /** Marker so a second copy of this module still recognises the error. */
    readonly isAcmServiceError = true;

    constructor(
        readonly exceptionName: AcmExceptionName,
        message: string,
        readonly httpStatus: number = 400,
    ) {
        super(message);
        this.name = exceptionName;
    }

    static isInstance(value: unknown): value is AcmServiceError {
        return (
            typeof value === "object" &&
            value !== null &&
            (value as { isAcmServiceError?: unknown }).isAcmServiceError === true
        );
    }
}

export function validationError(message: string): AcmServiceError {
    return new AcmServiceError("ValidationException", message);
}

/** The framework-level message AWS JSON services use for a modelled constraint. */
export function constraintError(member: string, constraint: string, value?: string | null): AcmServiceError {
    const shown = value === undefined ? "" : value === null ? " null" : ` '${value}'`;
    return validationError(
        `1 validation error detected: Value${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
    );
}

export function certificateNotFound(arn: string): AcmServiceError {
    // Message form seen from the service: "Could not find certificate <arn>."
    return new AcmServiceError("ResourceNotFoundException", `Could not find certificate ${arn}.`);
}
