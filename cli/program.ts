/**
 * The `certdeploy` command tree. Commander's own exits are overridden so that
 * every usage error ends with exit 2 (commander's default is 1, which here
 * means "a check failed"); `--help` and `--version` end with 0.
 */
import { Command, CommanderError } from "commander";
import { addAuditCommand } from "./audit/command";
import { addDemoCommand } from "./demo";
import { EXIT_OK, EXIT_USAGE, exitCodeOf } from "./exit-codes";
import { addInspectCommand } from "./inspect/command";
import { printError, printJson } from "./output";
import { packageVersion } from "./package-root";
import { addReportCommand } from "./report/command";
import { addServingCommand } from "./serving/command";
import { addValidateCommand } from "./validate/command";
import { withSecretsInPlay } from "../provider/redaction/secrets-in-play";

const SUCCESSFUL_COMMANDER_EXITS = new Set(["commander.helpDisplayed", "commander.version"]);

export function buildProgram(setExitCode: (code: number) => void): Command {
    const program = new Command("certdeploy")
        .description(
            "check certificates before `pulumi up`, inspect what is live in ACM and Key Vault, report on stacks' certificates, check that endpoints serve them, and export the deployment audit log",
        )
        .version(packageVersion())
        .exitOverride()
        .showHelpAfterError("(add --help for usage)");
    addValidateCommand(program, setExitCode);
    addInspectCommand(program, setExitCode);
    addReportCommand(program, setExitCode);
    addServingCommand(program, setExitCode);
    addAuditCommand(program, setExitCode);
    addDemoCommand(program, setExitCode);
    return program;
}

/**
 * Runs the CLI on `argv` (process.argv form) and returns the exit code. The
 * command runs in a scope of secrets in play (the environment's credentials,
 * and what a command reads as secret, e.g. `validate --key`): whatever is
 * printed is redacted of them.
 */
export function runCli(argv: readonly string[]): Promise<number> {
    return withSecretsInPlay([], () => runCommand(argv));
}

async function runCommand(argv: readonly string[]): Promise<number> {
    let exitCode = EXIT_OK;
    const program = buildProgram((code) => {
        exitCode = code;
    });
    const json = argv.includes("--json");
    try {
        await program.parseAsync(argv);
        return exitCode;
    } catch (e) {
        if (e instanceof CommanderError) {
            // Commander has already printed its message (or the help) to stderr.
            const code = SUCCESSFUL_COMMANDER_EXITS.has(e.code) ? EXIT_OK : EXIT_USAGE;
            if (json && code !== EXIT_OK)
                printJson({ error: { exitCode: code, message: e.message.replace(/^error: /, "") } });
            return code;
        }
        const code = exitCodeOf(e);
        const message = e instanceof Error ? e.message : String(e);
        printError(`certdeploy: ${message}`);
        if (json) printJson({ error: { exitCode: code, message } });
        return code;
    }
}
