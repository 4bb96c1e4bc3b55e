/** `certdeploy report STACK_EXPORT.json…`: every certdeploy certificate in one or more stacks, soonest expiry first. Exit 0, 1 with --expiring-within when one is due, 2 unreadable input. */
import { InvalidArgumentError, Option, type Command } from "commander";
import { EXIT_FAILED, EXIT_OK, UsageError, type ExitCode } from "../exit-codes";
import { printJson, printText } from "../output";
import { MAX_STACK_EXPORT_BYTES, readInputFile } from "../read-input";
import { writeOutputFile } from "../write-output";
import { findConsumers, type Consumer } from "./consumers";
import { renderHtmlReport } from "./html";
import { jsonRows, renderCsv, renderTable } from "./render";
import { certificateRows, parseStackExport, type CertificateRow } from "./stack-export";

interface ReportOptions {
    csv?: boolean;
    json?: boolean;
    html?: string;
    expiringWithin?: number;
}

/** The status board's "expiring" threshold when --expiring-within is not given (preview warns at 30 days too). */
const DEFAULT_EXPIRING_DAYS = 30;

export function addReportCommand(parent: Command, setExitCode: (code: ExitCode) => void): void {
    parent
        .command("report")
        .description("list the certdeploy certificates in a `pulumi stack export` (secrets are never read or printed)")
        .argument("<stack-export...>", "files holding the output of `pulumi stack export` (- for stdin), one per stack")
        .addOption(new Option("--csv", "print CSV (RFC 4180) for spreadsheets and audits").conflicts(["json", "html"]))
        .addOption(new Option("--json", "print JSON").conflicts(["csv", "html"]))
        .addOption(
            new Option(
                "--html <file>",
                "write a self-contained status page to <file>: a card per certificate, grouped failed / expiring / healthy",
            ).conflicts(["csv", "json"]),
        )
        .option(
            "--expiring-within <days>",
            `exit 1 when a certificate expires within this many days (for CI); with --html, the "expiring" group's bound (default ${DEFAULT_EXPIRING_DAYS})`,
            parseDays,
        )
        .addHelpText(
            "after",
            [
                "\nExamples:",
                "  pulumi stack export --stack prod | certdeploy report - --csv > certificates.csv",
                "  certdeploy report prod.json staging.json --html certificates.html --expiring-within 21",
                "Exit codes: 0 listed, 1 a certificate is due (--expiring-within), 2 unreadable or invalid file.",
            ].join("\n"),
        )
        .action((files: string[], options: ReportOptions) => setExitCode(runReport(files, options)));
}

function runReport(files: readonly string[], options: ReportOptions): ExitCode {
    if (files.filter((f) => f === "-").length > 1)
        throw new UsageError("stdin (-) can be read once; give the other stack exports as files");
    const now = new Date();
    const sources = files.map((file) => (file === "-" ? "stdin" : file));
    const rows: CertificateRow[] = [];
    const consumers = new Map<string, Consumer[]>();
    files.forEach((file, i) => {
        const resources = parseStackExport(readInputFile(file, "stack export", MAX_STACK_EXPORT_BYTES), sources[i]);
        const found = certificateRows(resources, now);
        rows.push(...found);
        for (const [urn, list] of findConsumers(resources, found)) consumers.set(urn, list);
    });
    const sorted = sortByExpiry(rows);
    const source = sources.join(", ");
    if (options.html !== undefined) {
        const expiringWithinDays = options.expiringWithin ?? DEFAULT_EXPIRING_DAYS;
        writeOutputFile(
            options.html,
            renderHtmlReport({ rows: sorted, consumers, sources, generatedAt: now, expiringWithinDays }),
            "the HTML report",
        );
        printText(`wrote ${options.html}: ${sorted.length} certificates from ${source}`);
    } else if (options.json) printJson({ source, generatedAt: now.toISOString(), certificates: jsonRows(sorted) });
    else if (options.csv) printText(renderCsv(sorted));
    else printText(sorted.length > 0 ? renderTable(sorted) : `no certdeploy resources in ${source}`);
    const due = options.expiringWithin;
    return due !== undefined && sorted.some((r) => r.daysToExpiry !== undefined && r.daysToExpiry < due)
        ? EXIT_FAILED
        : EXIT_OK;
}

const sortByExpiry = (rows: CertificateRow[]): CertificateRow[] =>
    [...rows].sort(
        (a, b) => (a.daysToExpiry ?? Infinity) - (b.daysToExpiry ?? Infinity) || a.name.localeCompare(b.name),
    );

function parseDays(value: string): number {
    const days = Number(value);
    if (!Number.isInteger(days) || days < 0) throw new InvalidArgumentError("expected a whole number of days");
    return days;
}
