/**
 * Exit codes and the two errors that choose them. Every command ends in one of
 * three codes, so scripts and CI can branch on them:
 *   0 ok · 1 a check failed, or the certificate was not found or not readable in the cloud · 2 usage or unreadable input
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export type ExitCode = typeof EXIT_OK | typeof EXIT_FAILED | typeof EXIT_USAGE;

/** Wrong arguments or input the CLI cannot read (missing file, invalid JSON). Exit 2. */
export class UsageError extends Error {
    readonly exitCode = EXIT_USAGE;
    override readonly name = "UsageError";
}

/** The command ran but what it looked at failed: not found, access denied, cloud error. Exit 1. */
export class CheckFailedError extends Error {
    readonly exitCode = EXIT_FAILED;
    override readonly name = "CheckFailedError";
}

export const exitCodeOf = (e: unknown): ExitCode => (e instanceof UsageError ? EXIT_USAGE : EXIT_FAILED);
