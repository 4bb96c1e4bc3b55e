/**
 * `certdeploy serving --stack-export FILE`: re-checks, later, every endpoint a
 * stack's resources record in `servingChecks` (DESIGN.md §10) — for consumers
 * that pick a certificate up in hours (CloudFront, Application Gateway, Front
 * Door). Each check polls up to its timeout (`--timeout` overrides); an
 * unreachable endpoint is a mismatch. Exit 0 when every check matched (or none
 * is recorded), 1 on any mismatch, 2 unreadable input.
 */
import { InvalidArgumentError, type Command } from "commander";
import { runServingChecks, type ServingStatus } from "../../provider/deploy/serving";
import { MAX_SERVING_TIMEOUT_SECONDS } from "../../provider/validate/serving-checks";
import { EXIT_FAILED, EXIT_OK, type ExitCode } from "../exit-codes";
import { printJson, printText } from "../output";
import { MAX_STACK_EXPORT_BYTES, readInputFile } from "../read-input";
import { parseStackExport } from "../report/stack-export";
import { alignedTable } from "../table";
import { recordedChecks, type RecordedChecks } from "./recorded-checks";

interface ServingCommandOptions {
    stackExport: string;
    timeout?: number;
    json?: boolean;
}

/** One check's verdict, for the table and the JSON. */
export interface ServingResult extends ServingStatus {
    resource: string;
    urn: string;
    serverName?: string;
    required: boolean;
    expectedFingerprintSha256: string;
}

export function addServingCommand(parent: Command, setExitCode: (code: ExitCode) => void): void {
    parent
        .command("serving")
        .description(
            "check that every endpoint recorded in a stack's servingChecks serves the deployed certificate (TLS handshake with SNI; no trust decision)",
        )
        .requiredOption("--stack-export <file>", "the output of `pulumi stack export` (- for stdin)")
        .option(
            "--timeout <seconds>",
            "poll each endpoint up to this many seconds, instead of each check's timeoutSeconds",
            parseSeconds,
        )
        .option("--json", "print JSON")
        .addHelpText(
            "after",
            [
                "\nExamples:",
                "  pulumi stack export --stack prod > prod.json && certdeploy serving --stack-export prod.json --timeout 60",
                "  pulumi stack export | certdeploy serving --stack-export - --json",
                "Exit codes: 0 every check matched (or none is recorded), 1 an endpoint does not serve the deployed certificate (unreachable counts), 2 unreadable input.",
            ].join("\n"),
        )
        .action(async (options: ServingCommandOptions) => setExitCode(await runServing(options)));
}

async function runServing(options: ServingCommandOptions): Promise<ExitCode> {
    const source = options.stackExport === "-" ? "stdin" : options.stackExport;
    const recorded = recordedChecks(
        parseStackExport(readInputFile(options.stackExport, "stack export", MAX_STACK_EXPORT_BYTES), source),
    );
    const results = (await Promise.all(recorded.map((r) => checkResource(r, options.timeout)))).flat();
    const unreadable = recorded.filter((r) => r.unreadable !== undefined);
    const failed = results.some((r) => !r.matched) || unreadable.length > 0;
    if (options.json) {
        printJson({
            source,
            checkedAt: new Date().toISOString(),
            checks: results,
            unreadable: unreadable.map((r) => ({ resource: r.name, urn: r.urn, reason: r.unreadable })),
            mismatches: results.filter((r) => !r.matched).length,
        });
    } else printText(render(results, unreadable, source));
    return failed ? EXIT_FAILED : EXIT_OK;
}

async function checkResource(recorded: RecordedChecks, timeoutSeconds: number | undefined): Promise<ServingResult[]> {
    const expected = recorded.fingerprintSha256 ?? "";
    const statuses: ServingStatus[] =
        expected === ""
            ? recorded.checks.map((c) => ({
                  endpoint: c.endpoint,
                  matched: false,
                  servedFingerprintSha256: "",
                  checkedAt: new Date().toISOString(),
                  error: "the resource's outputs hold no fingerprintSha256 to compare with",
              }))
            : await runServingChecks(recorded.checks, expected, timeoutSeconds !== undefined ? { timeoutSeconds } : {});
    return statuses.map((status, i) => ({
        resource: recorded.name,
        urn: recorded.urn,
        ...status,
        ...(recorded.checks[i].serverName !== undefined ? { serverName: recorded.checks[i].serverName } : {}),
        required: recorded.checks[i].required === true,
        expectedFingerprintSha256: expected,
    }));
}

function render(results: readonly ServingResult[], unreadable: readonly RecordedChecks[], source: string): string {
    if (results.length === 0 && unreadable.length === 0) return `no serving checks recorded in ${source}`;
    const verdict = (r: ServingResult): string => {
        if (r.matched) return "serves it";
        return r.error !== undefined ? "unreachable" : "MISMATCH";
    };
    const table = alignedTable(
        [
            { header: "RESOURCE" },
            { header: "ENDPOINT" },
            { header: "RESULT" },
            { header: "SERVED SHA-256" },
            { header: "DETAIL" },
        ],
        results.map((r) => [
            r.resource,
            r.endpoint,
            verdict(r),
            r.servedFingerprintSha256 === "" ? "-" : `${r.servedFingerprintSha256.slice(0, 23)}…`,
            r.error ?? "",
        ]),
    );
    const notes = unreadable.map((r) => `${r.name}: ${r.unreadable ?? ""}`);
    const mismatches = results.filter((r) => !r.matched).length;
    const summary = `${results.length - mismatches} of ${results.length} checks serve the deployed certificate`;
    return [table, ...notes, summary].filter((line) => line !== "").join("\n");
}

function parseSeconds(value: string): number {
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_SERVING_TIMEOUT_SECONDS) {
        throw new InvalidArgumentError(`expected a number of seconds from 0 to ${MAX_SERVING_TIMEOUT_SECONDS}`);
    }
    return seconds;
}
