/**
 * `certdeploy audit [LOG]`: every deployment attempt in the audit log
 * (default: $CERTDEPLOY_AUDIT_LOG), oldest first, as a table, spreadsheet-safe CSV or JSON.
 * Exit 0 listed, 1 when some lines held no audit record (listed by number on stderr), 2 no log or unreadable.
 */
import { Option, type Command } from "commander";
import { EXIT_FAILED, EXIT_OK, UsageError, type ExitCode } from "../exit-codes";
import { printError, printJson, printText } from "../output";
import { MAX_AUDIT_LOG_BYTES, readInputFile } from "../read-input";
import { parseAuditLog } from "./audit-log";
import { renderAuditCsv, renderAuditTable } from "./render";

interface AuditOptions {
    csv?: boolean;
    json?: boolean;
}

export function addAuditCommand(parent: Command, setExitCode: (code: ExitCode) => void): void {
    parent
        .command("audit")
        .description(
            "list every deployment attempt in the audit log (CERTDEPLOY_AUDIT_LOG): time, stack, resource, result, rollback, serials, API calls",
        )
        .argument("[log]", "the audit log, JSON lines (- for stdin); default $CERTDEPLOY_AUDIT_LOG")
        .addOption(
            new Option(
                "--csv",
                "print CSV for spreadsheets: RFC 4180, and cells a spreadsheet would run as formulas are neutralised (OWASP)",
            ).conflicts("json"),
        )
        .addOption(new Option("--json", "print JSON").conflicts("csv"))
        .addHelpText(
            "after",
            "\nExample: CERTDEPLOY_AUDIT_LOG=/var/log/certdeploy.jsonl certdeploy audit --csv > attempts.csv\nExit codes: 0 listed, 1 some lines held no audit record (their numbers on stderr), 2 no log given or unreadable.",
        )
        .action((log: string | undefined, options: AuditOptions) => setExitCode(runAudit(log, options)));
}

function runAudit(log: string | undefined, options: AuditOptions): ExitCode {
    const file = log ?? process.env.CERTDEPLOY_AUDIT_LOG;
    if (file === undefined || file === "")
        throw new UsageError("no audit log: give its path, or set CERTDEPLOY_AUDIT_LOG as the provider had it");
    const { attempts, skipped } = parseAuditLog(readInputFile(file, "audit log", MAX_AUDIT_LOG_BYTES));
    const source = file === "-" ? "stdin" : file;
    if (options.json)
        printJson({ source, attempts: attempts.map(({ line: _line, ...rest }) => rest), skippedLines: skipped });
    else if (options.csv) printText(renderAuditCsv(attempts));
    else printText(attempts.length > 0 ? renderAuditTable(attempts) : `no deployment attempts in ${source}`);
    if (skipped.length === 0) return EXIT_OK;
    printError(
        `certdeploy audit: ${skipped.length} line(s) of ${source} held no audit record and were skipped: line ${skipped.join(", ")}`,
    );
    return EXIT_FAILED;
}
