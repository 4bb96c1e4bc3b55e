/**
 * Reads a file named on the command line, never more than a limit: the read
 * is a loop of bounded reads on the descriptor, so a character device
 * (`/dev/zero`, `/dev/urandom`), a FIFO or an endless stdin stops at the limit
 * instead of growing memory — a file's reported size is not trusted. Anything
 * unreadable or too large is a usage error (exit 2) naming the option and path.
 */
import * as fs from "node:fs";
import { UsageError } from "./exit-codes";

/** PEM inputs: far above the schema's limits (certificatePem 65,536, chainPem 262,144 characters). */
export const MAX_PEM_BYTES = 1024 * 1024;
/** Stack exports of large stacks are megabytes; none comes near this. */
export const MAX_STACK_EXPORT_BYTES = 64 * 1024 * 1024;
/** An audit log: one JSON line per deployment attempt, a few hundred bytes each. */
export const MAX_AUDIT_LOG_BYTES = 64 * 1024 * 1024;

const CHUNK_BYTES = 64 * 1024;

const REASONS: Record<string, string> = {
    ENOENT: "no such file",
    EACCES: "permission denied",
    EISDIR: "is a directory",
    EPERM: "operation not permitted",
};

class TooLarge extends Error {}

/** Reads at most `maxBytes` (+1 to notice more) from `fd`. */
function readBounded(fd: number, maxBytes: number): Buffer {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
        const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
        let n: number;
        try {
            n = fs.readSync(fd, chunk, 0, chunk.length, null);
        } catch (e) {
            // A non-blocking stdin with nothing yet: wait a little and read again.
            if ((e as NodeJS.ErrnoException).code === "EAGAIN") {
                Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
                continue;
            }
            throw e;
        }
        if (n === 0) return Buffer.concat(chunks, total);
        chunks.push(chunk.subarray(0, n));
        total += n;
        if (total > maxBytes) throw new TooLarge();
    }
}

/** `what` names the input in the message, e.g. `--cert` or `stack export`. `-` reads stdin. */
export function readInputFile(path: string, what: string, maxBytes: number): string {
    let fd: number | undefined;
    try {
        fd = path === "-" ? 0 : fs.openSync(path, "r");
        return readBounded(fd, maxBytes).toString("utf8");
    } catch (e) {
        if (e instanceof TooLarge)
            throw new UsageError(`cannot read ${what} ${path}: larger than ${maxBytes} bytes; is it the right file?`);
        const code = (e as NodeJS.ErrnoException).code ?? "";
        throw new UsageError(`cannot read ${what} ${path}: ${REASONS[code] ?? (code || "unreadable")}`);
    } finally {
        if (fd !== undefined && path !== "-") fs.closeSync(fd);
    }
}
