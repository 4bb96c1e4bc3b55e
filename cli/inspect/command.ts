/** `certdeploy inspect acm|keyvault`: what is live in the cloud. Exit 0 found, 1 not found or the cloud refused, 2 usage. */
import { Option, type Command } from "commander";
import type { CredentialMode } from "../../sdk/schema-types";
import { EXIT_OK, type ExitCode } from "../exit-codes";
import { printJson, printText } from "../output";
import { inspectAcm } from "./acm";
import { CREDENTIAL_MODES, inspectKeyVault } from "./keyvault";
import { renderAcm, renderKeyVault } from "./render";

interface AcmOptions {
    region?: string;
    arn: string;
    endpoint?: string;
    json?: boolean;
}

interface KeyVaultOptions {
    vaultUrl: string;
    name: string;
    credentialMode: CredentialMode;
    clientId?: string;
    tenantId?: string;
    json?: boolean;
}

const EXIT_HELP =
    "\nExit codes: 0 found, 1 not found or the cloud refused the call (the message names the missing permission), 2 usage error.";

export function addInspectCommand(parent: Command, setExitCode: (code: ExitCode) => void): void {
    const inspect = parent
        .command("inspect")
        .description("show what is live in AWS Certificate Manager or Azure Key Vault");
    inspect
        .command("acm")
        .description(
            "show an ACM certificate: serial, validity, provenance, tags, in-use-by (needs acm:DescribeCertificate and acm:ListTagsForCertificate)",
        )
        .requiredOption("--arn <arn>", "the certificate ARN")
        .option("--region <region>", "the AWS region (default: the ARN's region)")
        .option("--endpoint <url>", "ACM endpoint override (VPC interface endpoint, FIPS, local emulator)")
        .option("--json", "print the result as JSON")
        .addHelpText(
            "after",
            `\nCredentials: the AWS SDK default chain (environment, SSO, shared config, web identity, ECS, IMDS).${EXIT_HELP}`,
        )
        .action(async (options: AcmOptions) => {
            const result = await inspectAcm({ arn: options.arn, region: options.region, endpoint: options.endpoint });
            if (options.json) printJson(result);
            else printText(renderAcm(result));
            setExitCode(EXIT_OK);
        });
    inspect
        .command("keyvault")
        .description(
            "show a Key Vault certificate: serial, validity, provenance, tags and its versions (needs Microsoft.KeyVault/vaults/certificates/read)",
        )
        .requiredOption("--vault-url <url>", "the vault URL, e.g. https://prod-vault.vault.azure.net")
        .requiredOption("--name <name>", "the certificate name in the vault")
        .addOption(
            new Option(
                "--credential-mode <mode>",
                "the @azure/identity credential to use, as credentialMode on KeyVaultCertificate",
            )
                .choices(CREDENTIAL_MODES)
                .default("default"),
        )
        .option("--client-id <id>", "client id of a user-assigned managed identity or workload identity")
        .option("--tenant-id <id>", "tenant id")
        .option("--json", "print the result as JSON")
        .addHelpText("after", EXIT_HELP)
        .action(async (options: KeyVaultOptions) => {
            const result = await inspectKeyVault({
                vaultUrl: options.vaultUrl,
                name: options.name,
                credentialMode: options.credentialMode,
                clientId: options.clientId,
                tenantId: options.tenantId,
            });
            if (options.json) printJson(result);
            else printText(renderKeyVault(result));
            setExitCode(EXIT_OK);
        });
}
