import {
    ACMClient,
    AddTagsToCertificateCommand,
    DeleteCertificateCommand,
    DescribeCertificateCommand,
    GetCertificateCommand,
    ImportCertificateCommand,
    ListCertificatesCommand,
    ListTagsForCertificateCommand,
    RemoveTagsFromCertificateCommand,
    type KeyAlgorithm,
    type Tag,
} from "@aws-sdk/client-acm";
import type { TestCertificate } from "../../testing/pki";
import type { ScenarioMaterial } from "./scenario-material";

/** What one step saw: the SDK output (without $metadata) or the exception. */
export type StepObservation =
    { step: string; output: unknown } | { step: string; error: { name: string; message: string } };

interface StepContext {
    client: ACMClient;
    material: ScenarioMaterial;
    /** ARN of the certificate the scenario works on, and of the EC one it lists. */
    arn: string;
    ecArn: string;
}

interface Step {
    name: string;
    run(context: StepContext): Promise<object>;
}

const ALL_KEY_TYPES: KeyAlgorithm[] = [
    "RSA_1024",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "EC_prime256v1",
    "EC_secp384r1",
    "EC_secp521r1",
];
const MALFORMED_ARN = "arn:aws:acm:us-east-1:123456789012:not-a-certificate";
const pem = (text: string): Uint8Array => Buffer.from(text, "utf8");

function importCommand(
    certificate: TestCertificate,
    extra: { CertificateArn?: string; Tags?: Tag[]; keyPem?: string; chainPem?: string } = {},
): ImportCertificateCommand {
    const chain = extra.chainPem ?? certificate.chainPem;
    return new ImportCertificateCommand({
        Certificate: pem(certificate.certificatePem),
        PrivateKey: pem(extra.keyPem ?? certificate.privateKeyPem),
        ...(chain === undefined ? {} : { CertificateChain: pem(chain) }),
        ...(extra.CertificateArn === undefined ? {} : { CertificateArn: extra.CertificateArn }),
        ...(extra.Tags === undefined ? {} : { Tags: extra.Tags }),
    });
}

const describe = (c: StepContext, arn = c.arn): Promise<object> =>
    c.client.send(new DescribeCertificateCommand({ CertificateArn: arn }));
const listTags = (c: StepContext): Promise<object> =>
    c.client.send(new ListTagsForCertificateCommand({ CertificateArn: c.arn }));
const reimport = (c: StepContext, certificate: TestCertificate, extra: { Tags?: Tag[] } = {}): Promise<object> =>
    c.client.send(importCommand(certificate, { CertificateArn: c.arn, ...extra }));
const freshImport = (
    c: StepContext,
    certificate: TestCertificate,
    extra: { Tags?: Tag[]; keyPem?: string; chainPem?: string } = {},
): Promise<object> => c.client.send(importCommand(certificate, extra));

/** The scenario, in order; later steps rely on the state earlier ones leave. */
export const SCENARIO: readonly Step[] = [
    {
        name: "import fresh with tags",
        run: async (c) => {
            const output = await freshImport(c, c.material.first, {
                Tags: [
                    { Key: "env", Value: "prod" },
                    { Key: "team", Value: "platform" },
                ],
            });
            c.arn = (output as { CertificateArn?: string }).CertificateArn ?? "";
            return output;
        },
    },
    { name: "describe", run: (c) => describe(c) },
    { name: "get", run: (c) => c.client.send(new GetCertificateCommand({ CertificateArn: c.arn })) },
    { name: "list tags", run: listTags },
    {
        name: "add tags",
        run: (c) =>
            c.client.send(
                new AddTagsToCertificateCommand({
                    CertificateArn: c.arn,
                    Tags: [{ Key: "owner", Value: "alice" }, { Key: "flag" }],
                }),
            ),
    },
    { name: "list tags after add", run: listTags },
    {
        name: "remove tags (without value, with its value, with another value)",
        run: (c) =>
            c.client.send(
                new RemoveTagsFromCertificateCommand({
                    CertificateArn: c.arn,
                    Tags: [{ Key: "flag" }, { Key: "owner", Value: "alice" }, { Key: "env", Value: "staging" }],
                }),
            ),
    },
    { name: "list tags after remove", run: listTags },
    { name: "re-import without Tags", run: (c) => reimport(c, c.material.second) },
    { name: "describe after re-import", run: (c) => describe(c) },
    { name: "list tags after re-import", run: listTags },
    {
        name: "re-import with Tags",
        run: (c) => reimport(c, c.material.first, { Tags: [{ Key: "env", Value: "prod" }] }),
    },
    { name: "re-import with empty Tags", run: (c) => reimport(c, c.material.first, { Tags: [] }) },
    { name: "describe after re-import with Tags", run: (c) => describe(c) },
    { name: "re-import with another key type", run: (c) => reimport(c, c.material.ecLeaf) },
    { name: "re-import removing the ServerAuth EKU", run: (c) => reimport(c, c.material.clientAuthOnly) },
    { name: "re-import the successor again", run: (c) => reimport(c, c.material.second) },
    { name: "describe after re-importing the successor", run: (c) => describe(c) },
    {
        name: "import fresh EC certificate",
        run: async (c) => {
            const output = await freshImport(c, c.material.ecLeaf);
            c.ecArn = (output as { CertificateArn?: string }).CertificateArn ?? "";
            return output;
        },
    },
    { name: "list without Includes", run: (c) => c.client.send(new ListCertificatesCommand({})) },
    {
        name: "list with all seven keyTypes",
        run: (c) => c.client.send(new ListCertificatesCommand({ Includes: { keyTypes: ALL_KEY_TYPES } })),
    },
    {
        name: "list with keyTypes EC_prime256v1",
        run: (c) => c.client.send(new ListCertificatesCommand({ Includes: { keyTypes: ["EC_prime256v1"] } })),
    },
    {
        name: "list with MaxItems 1",
        run: (c) => c.client.send(new ListCertificatesCommand({ MaxItems: 1, Includes: { keyTypes: ALL_KEY_TYPES } })),
    },
    {
        name: "add 50 tags to the EC certificate",
        run: (c) =>
            c.client.send(
                new AddTagsToCertificateCommand({
                    CertificateArn: c.ecArn,
                    Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `fill-${i}`, Value: "x" })),
                }),
            ),
    },
    {
        name: "add a 51st tag",
        run: (c) =>
            c.client.send(
                new AddTagsToCertificateCommand({
                    CertificateArn: c.ecArn,
                    Tags: [{ Key: "one-too-many", Value: "x" }],
                }),
            ),
    },
    {
        name: "delete the EC certificate",
        run: (c) => c.client.send(new DeleteCertificateCommand({ CertificateArn: c.ecArn })),
    },
    { name: "import fresh with empty Tags", run: (c) => freshImport(c, c.material.first, { Tags: [] }) },
    { name: "import expired certificate", run: (c) => freshImport(c, c.material.expired) },
    {
        name: "import with a key that does not match",
        run: (c) => freshImport(c, c.material.first, { keyPem: c.material.otherKeyPem }),
    },
    {
        name: "import with a chain that did not issue the leaf",
        run: (c) => freshImport(c, c.material.first, { chainPem: c.material.strangerChainPem }),
    },
    {
        name: "import with an encrypted key",
        run: (c) => freshImport(c, c.material.first, { keyPem: c.material.encryptedKeyPem }),
    },
    { name: "import an RSA 1536 certificate", run: (c) => freshImport(c, c.material.rsa1536) },
    {
        name: "add an aws: tag",
        run: (c) =>
            c.client.send(
                new AddTagsToCertificateCommand({ CertificateArn: c.arn, Tags: [{ Key: "aws:reserved", Value: "x" }] }),
            ),
    },
    {
        name: "add a 129-character tag key",
        run: (c) =>
            c.client.send(
                new AddTagsToCertificateCommand({
                    CertificateArn: c.arn,
                    Tags: [{ Key: "k".repeat(129), Value: "x" }],
                }),
            ),
    },
    { name: "describe a malformed ARN", run: (c) => describe(c, MALFORMED_ARN) },
    { name: "delete", run: (c) => c.client.send(new DeleteCertificateCommand({ CertificateArn: c.arn })) },
    { name: "describe deleted", run: (c) => describe(c) },
    { name: "get deleted", run: (c) => c.client.send(new GetCertificateCommand({ CertificateArn: c.arn })) },
    { name: "delete deleted", run: (c) => c.client.send(new DeleteCertificateCommand({ CertificateArn: c.arn })) },
];

/** Runs every step against one ACM endpoint; a failing call is an observation, not a failure. */
export async function runScenario(client: ACMClient, material: ScenarioMaterial): Promise<StepObservation[]> {
    const context: StepContext = { client, material, arn: "", ecArn: "" };
    const observations: StepObservation[] = [];
    for (const step of SCENARIO) {
        try {
            const { $metadata: _metadata, ...output } = (await step.run(context)) as { $metadata?: unknown };
            observations.push({ step: step.name, output });
        } catch (error) {
            const { name, message } = error instanceof Error ? error : new Error(String(error));
            observations.push({ step: step.name, error: { name, message } });
        }
    }
    return observations;
}
