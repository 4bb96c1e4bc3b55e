/** `certdeploy validate`: the preview checks on local files, offline. Exit 0 valid, 1 check failures, 2 usage or unreadable file. */
import { Option, type Command } from "commander";
import { EXIT_FAILED, EXIT_OK, UsageError, type ExitCode } from "../exit-codes";
import { printJson, printText } from "../output";
import { MAX_PEM_BYTES, readInputFile } from "../read-input";
import { noteSecret } from "../../provider/redaction/secrets-in-play";
import { TARGETS, type Target } from "../target";
import { validateMaterial } from "./check-material";
import { renderValidation } from "./render";
import { readPemBlocks } from "../../provider/material/pem";

interface ValidateOptions {
    target: Target;
    cert: string;
    key: string;
    chain?: string;
    region?: string;
    vaultUrl?: string;
    name?: string;
    tag: string[];
    json?: boolean;
}

export function addValidateCommand(parent: Command, setExitCode: (code: ExitCode) => void): void {
    parent
        .command("validate")
        .description(
            "run the checks `pulumi preview` runs on a certificate, key and chain, offline (nothing is sent anywhere)",
        )
        .addOption(
            new Option("--target <target>", "where the certificate will be deployed")
                .choices(TARGETS)
                .makeOptionMandatory(),
        )
        .requiredOption("--cert <file>", "leaf certificate, PEM")
        .requiredOption("--key <file>", "private key, PEM (read locally, never printed)")
        .option("--chain <file>", "intermediate certificates, PEM, the leaf's issuer first")
        .option(
            "--region <region>",
            "acm: the AWS region (enables region checks, e.g. the CloudFront warning for us-east-1)",
        )
        .option("--vault-url <url>", "keyvault: the vault URL, e.g. https://prod-vault.vault.azure.net")
        .option("--name <name>", "keyvault: the certificate name in the vault")
        .option(
            "--tag <key=value>",
            "a tag the resource will carry, checked as preview checks tags (repeatable)",
            collectTag,
            [],
        )
        .option("--json", "print the result as JSON")
        .addHelpText("after", "\nExit codes: 0 valid, 1 check failures, 2 usage error or unreadable file.")
        .action((options: ValidateOptions) => setExitCode(runValidate(options)));
}

function runValidate(options: ValidateOptions): ExitCode {
    if (options.target === "acm" && (options.vaultUrl !== undefined || options.name !== undefined)) {
        throw new UsageError("--vault-url and --name apply only to --target keyvault");
    }
    if (options.target === "keyvault" && options.region !== undefined)
        throw new UsageError("--region applies only to --target acm");
    const privateKeyPem = readInputFile(options.key, "--key", MAX_PEM_BYTES);
    // What --key holds is a secret for everything printed from here on (unless it is only certificates, which are public).
    if (!onlyCertificates(privateKeyPem)) noteSecret(privateKeyPem);
    const result = validateMaterial({
        target: options.target,
        certificatePem: readInputFile(options.cert, "--cert", MAX_PEM_BYTES),
        privateKeyPem,
        ...(options.chain !== undefined ? { chainPem: readInputFile(options.chain, "--chain", MAX_PEM_BYTES) } : {}),
        region: options.region,
        vaultUrl: options.vaultUrl,
        certificateName: options.name,
        ...(options.tag.length > 0 ? { tags: Object.fromEntries(options.tag.map(splitTag)) } : {}),
    });
    if (options.json) printJson(result);
    else printText(renderValidation(result));
    return result.valid ? EXIT_OK : EXIT_FAILED;
}

function onlyCertificates(text: string): boolean {
    try {
        return readPemBlocks(text, "PRIVATE KEY").every((b) => b.label === "CERTIFICATE");
    } catch {
        return false;
    }
}

const collectTag = (value: string, previous: string[]): string[] => [...previous, value];

function splitTag(text: string): [string, string] {
    const eq = text.indexOf("=");
    if (eq <= 0) throw new UsageError("--tag expects key=value");
    return [text.slice(0, eq), text.slice(eq + 1)];
}
