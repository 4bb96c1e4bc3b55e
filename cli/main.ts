#!/usr/bin/env node
/** The `certdeploy` executable (package.json "bin"). Sets the exit code and lets Node exit once output is flushed. */
import { EXIT_FAILED } from "./exit-codes";
import { printError } from "./output";
import { runCli } from "./program";

runCli(process.argv).then(
    (code) => {
        process.exitCode = code;
    },
    (e: unknown) => {
        printError(`certdeploy: unexpected error: ${e instanceof Error ? e.message : String(e)}`);
        process.exitCode = EXIT_FAILED;
    },
);
