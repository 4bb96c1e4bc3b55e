/** Reads a file named on the command line; anything unreadable is a usage error (exit 2) naming the option and path. */
import * as fs from "node:fs";
import { UsageError } from "./exit-codes";

/** No certificate, chain, key or stack export we read comes near this; a larger file is a mistake. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

const REASONS: Record<string, string> = {
    ENOENT: "no such file",
    EACCES: "permission denied",
    EISDIR: "is a directory",
    EPERM: "operation not permitted",
};

/** `what` names the input in the message, e.g. `--cert` or `stack export`. `-` reads stdin. */
export function readInputFile(path: string, what: string): string {
    try {
        const fd = path === "-" ? 0 : fs.openSync(path, "r");
        try {
            if (path !== "-" && fs.fstatSync(fd).size > MAX_INPUT_BYTES) throw new UsageError(`cannot read ${what} ${path}: larger than ${MAX_INPUT_BYTES} bytes`);
            return fs.readFileSync(fd, "utf8");
        } finally {
            if (path !== "-") fs.closeSync(fd);
        }
    } catch (e) {
        if (e instanceof UsageError) throw e;
        const code = (e as NodeJS.ErrnoException).code ?? "";
        throw new UsageError(`cannot read ${what} ${path}: ${REASONS[code] ?? (code || "unreadable")}`);
    }
}
