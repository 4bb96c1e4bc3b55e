/** Writes a file named on the command line (`--html FILE`): whole or not at all (a temporary file renamed into place); an unwritable path is a usage error (exit 2). */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "./exit-codes";

export function writeOutputFile(file: string, content: string, what: string): void {
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    try {
        fs.writeFileSync(temporary, content, { mode: 0o644 });
        fs.renameSync(temporary, file);
    } catch (e) {
        fs.rmSync(temporary, { force: true });
        throw new UsageError(`cannot write ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? "unwritable"}`);
    }
}
