/** `certdeploy report STACK_EXPORT.json`: every certdeploy certificate in a stack, soonest expiry first. Exit 0, 1 with --expiring-within when one is due, 2 unreadable input. */
import { InvalidArgumentError, Option, type Command } from "commander";
import { EXIT_FAILED, EXIT_OK, type ExitCode } from "../exit-codes";
import { printJson, printText } from "../output";
import { MAX_STACK_EXPORT_BYTES, readInputFile } from "../read-input";
import { jsonRows, renderCsv, renderTable } from "./render";
import { certificateRows, parseStackExport, type CertificateRow } from "./stack-export";

interface ReportOptions {
    csv?: boolean;
    json?: boolean;
    expiringWithin?: number;
}

export function addReportCommand(parent: Command, setExitCode: (code: ExitCode) => void): void {
    parent
        .command("report")
        .description("list the certdeploy certificates in a `pulumi stack export` (secrets are never read or printed)")
        .argument("<stack-export>", "file holding the output of `pulumi stack export` (- for stdin)")
        .addOption(new Option("--csv", "print CSV (RFC 4180) for spreadsheets and audits").conflicts("json"))
        .addOption(new Option("--json", "print JSON").conflicts("csv"))
        .option("--expiring-within <days>", "exit 1 when a certificate expires within this many days (for CI)", parseDays)
        .addHelpText(
            "after",
            "\nExample: pulumi stack export --stack prod | certdeploy report - --csv > certificates.csv\nExit codes: 0 listed, 1 a certificate is due (--expiring-within), 2 unreadable or invalid file.",
        )
        .action((file: string, options: ReportOptions) => setExitCode(runReport(file, options)));
}

function runReport(file: string, options: ReportOptions): ExitCode {
    const now = new Date();
    const source = file === "-" ? "stdin" : file;
    const rows = sortByExpiry(certificateRows(parseStackExport(readInputFile(file, "stack export", MAX_STACK_EXPORT_BYTES), source), now));
    if (options.json) printJson({ source, generatedAt: now.toISOString(), certificates: jsonRows(rows) });
    else if (options.csv) printText(renderCsv(rows));
    else printText(rows.length > 0 ? renderTable(rows) : `no certdeploy resources in ${source}`);
    const due = options.expiringWithin;
    return due !== undefined && rows.some((r) => r.daysToExpiry !== undefined && r.daysToExpiry < due) ? EXIT_FAILED : EXIT_OK;
}

const sortByExpiry = (rows: CertificateRow[]): CertificateRow[] =>
    [...rows].sort((a, b) => (a.daysToExpiry ?? Infinity) - (b.daysToExpiry ?? Infinity) || a.name.localeCompare(b.name));

function parseDays(value: string): number {
    const days = Number(value);
    if (!Number.isInteger(days) || days < 0) throw new InvalidArgumentError("expected a whole number of days");
    return days;
}
