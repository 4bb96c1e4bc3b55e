import assert from "node:assert/strict";
import { normaliseSerial } from "./normalise";
import type { ScenarioMaterial } from "./scenario-material";

/**
 * A known way moto 5.x differs from ACM (and from the emulator, which follows ACM's documentation).
 * The conformance test requires every entry to be observed at each of its steps, so when moto changes,
 * this list fails and must be revisited.
 */
export interface DocumentedDifference {
    id: string;
    why: string;
    steps: readonly string[];
    /** Paths in the normalised observation; `*` stands for one index or key. */
    paths: readonly string[];
    /** Asserts the concrete shape of the difference at one differing path. */
    expect(emulator: unknown, moto: unknown, path: string): void;
}

const DESCRIBES = ["describe", "describe after re-import", "describe after re-importing the successor"];
const ALL_DESCRIBES = [...DESCRIBES, "describe after re-import with Tags"];
const LISTS_WITH_KEY_TYPES = ["list with all seven keyTypes", "list with keyTypes EC_prime256v1"];
const ACM_SERIAL = /^([0-9a-f]{2}:)*[0-9a-f]{2}$/;

const refusedByEmulatorAcceptedByMoto = (message: RegExp) => (emulator: unknown, moto: unknown, path: string) => {
    if (path === "error") {
        assert.equal(emulator !== undefined && (emulator as { name: string }).name, "ValidationException");
        assert.match((emulator as { message: string }).message, message);
        assert.equal(moto, undefined);
    } else {
        assert.equal(emulator, undefined);
        assert.match(String((moto as { CertificateArn?: string }).CertificateArn), /^<arn:\d+>$/);
    }
};

const arnsOf = (list: unknown): string[] =>
    (list as { CertificateArn: string }[]).map((summary) => summary.CertificateArn);

export function documentedDifferences(material: ScenarioMaterial): DocumentedDifference[] {
    return [
        {
            id: "serial-decimal",
            why: "moto sends Serial as a decimal string; ACM sends lowercase colon-separated hex. Equal once normalised.",
            steps: DESCRIBES,
            paths: ["output.Certificate.Serial"],
            expect: (emulator, moto) => {
                assert.match(String(emulator), ACM_SERIAL);
                assert.match(String(moto), /^\d+$/);
                assert.equal(normaliseSerial(String(moto)), normaliseSerial(String(emulator)));
            },
        },
        {
            id: "reimport-with-tags-applied",
            why: "moto applied the re-import that carried Tags, so its live certificate is the one sent then; ACM refused it.",
            steps: ["describe after re-import with Tags"],
            paths: ["output.Certificate.Serial"],
            expect: (emulator, moto) => {
                assert.equal(normaliseSerial(String(emulator)), normaliseSerial(material.second.serial));
                assert.equal(normaliseSerial(String(moto)), normaliseSerial(material.first.serial));
            },
        },
        {
            id: "key-usages-missing",
            why: "moto omits KeyUsages; ACM lists the certificate's Key Usage values.",
            steps: [...ALL_DESCRIBES, ...LISTS_WITH_KEY_TYPES],
            paths: ["output.Certificate.KeyUsages", "output.CertificateSummaryList[*].KeyUsages"],
            expect: (emulator, moto) => {
                assert.ok(Array.isArray(emulator) && emulator.length > 0);
                assert.equal(moto, undefined);
            },
        },
        {
            id: "extended-key-usages-empty",
            why: "moto always sends ExtendedKeyUsages: []; ACM lists the certificate's EKU values (with OIDs in DescribeCertificate).",
            steps: [...ALL_DESCRIBES, ...LISTS_WITH_KEY_TYPES],
            paths: ["output.Certificate.ExtendedKeyUsages", "output.CertificateSummaryList[*].ExtendedKeyUsages"],
            expect: (emulator, moto) => {
                assert.ok(Array.isArray(emulator) && emulator.length > 0);
                assert.deepEqual(moto, []);
            },
        },
        {
            id: "summary-san-fields-missing",
            why: "moto's list entries lack SubjectAlternativeNameSummaries and HasAdditionalSubjectAlternativeNames (it sends SubjectAlternativeNames, which CertificateSummary does not model).",
            steps: LISTS_WITH_KEY_TYPES,
            paths: [
                "output.CertificateSummaryList[*].SubjectAlternativeNameSummaries",
                "output.CertificateSummaryList[*].HasAdditionalSubjectAlternativeNames",
            ],
            expect: (emulator, moto) => {
                assert.notEqual(emulator, undefined);
                assert.equal(moto, undefined);
            },
        },
        {
            id: "chain-with-amazon-root",
            why: "moto's GetCertificate appends an Amazon root CA to the chain it was given; the emulator returns the chain as imported.",
            steps: ["get"],
            paths: ["output.CertificateChain"],
            expect: (emulator, moto) => {
                assert.equal(emulator, material.first.chainPem);
                assert.ok(String(moto).startsWith(String(emulator)));
                assert.equal(
                    String(moto).split("BEGIN CERTIFICATE").length - 1,
                    String(emulator).split("BEGIN CERTIFICATE").length,
                );
            },
        },
        {
            id: "tags-dropped-on-reimport",
            why: "moto empties a certificate's tags on re-import; the emulator keeps them (ACM does not document either; the provider re-applies tags).",
            steps: ["list tags after re-import"],
            paths: ["output.Tags"],
            expect: (emulator, moto) => {
                assert.deepEqual(emulator, [
                    { Key: "env", Value: "prod" },
                    { Key: "team", Value: "platform" },
                ]);
                assert.deepEqual(moto, []);
            },
        },
        {
            id: "tags-accepted-on-reimport",
            why: "ACM refuses Tags on re-import, even an empty list (ValidationException 'Tagging is not permitted on re-import.'); moto accepts them.",
            steps: ["re-import with Tags", "re-import with empty Tags"],
            paths: ["error", "output"],
            expect: refusedByEmulatorAcceptedByMoto(/^Tagging is not permitted on re-import\.$/),
        },
        {
            id: "reimport-rules-not-enforced",
            why: "moto re-imports a different key type and a certificate that drops an EKU value; ACM refuses both.",
            steps: ["re-import with another key type", "re-import removing the ServerAuth EKU"],
            paths: ["error", "output"],
            expect: refusedByEmulatorAcceptedByMoto(/key type and size|Extended Key Usages/),
        },
        {
            id: "import-prerequisites-not-enforced",
            why: "moto imports a key that does not match the certificate, a chain that did not issue the leaf, and an RSA 1536 key.",
            steps: [
                "import with a key that does not match",
                "import with a chain that did not issue the leaf",
                "import an RSA 1536 certificate",
            ],
            paths: ["error", "output"],
            expect: refusedByEmulatorAcceptedByMoto(/does not match|Could not validate|not supported/),
        },
        {
            id: "empty-tag-list-accepted",
            why: "ImportCertificate's Tags has a minimum of one item; moto accepts an empty list.",
            steps: ["import fresh with empty Tags"],
            paths: ["error", "output"],
            expect: refusedByEmulatorAcceptedByMoto(/greater than or equal to 1/),
        },
        {
            id: "default-key-type-filter-missing",
            why: "Without Includes.keyTypes ACM lists only RSA_1024/RSA_2048 certificates; moto lists every key type.",
            steps: ["list without Includes"],
            paths: ["output.CertificateSummaryList"],
            expect: (emulator, moto) => {
                assert.deepEqual(arnsOf(emulator), ["<arn:1>"]);
                assert.deepEqual(arnsOf(moto), ["<arn:1>", "<arn:2>"]);
            },
        },
        {
            id: "pagination-missing",
            why: "moto ignores MaxItems and never sends NextToken.",
            steps: ["list with MaxItems 1"],
            paths: ["output.CertificateSummaryList", "output.NextToken"],
            expect: (emulator, moto, path) => {
                if (path === "output.NextToken") {
                    assert.equal(typeof emulator, "string");
                    assert.equal(moto, undefined);
                } else {
                    assert.equal(arnsOf(emulator).length, 1);
                    assert.equal(arnsOf(moto).length, 2);
                }
            },
        },
        {
            id: "aws-prefix-exception",
            why: "A tag key starting with aws: is InvalidTagException in ACM's API reference; moto answers ValidationException.",
            steps: ["add an aws: tag"],
            paths: ["error.name", "error.message"],
            expect: (emulator, moto, path) => {
                if (path === "error.name")
                    assert.deepEqual([emulator, moto], ["InvalidTagException", "ValidationException"]);
            },
        },
        {
            id: "malformed-arn-exception",
            why: "ACM answers InvalidArnException for a string that is not a certificate ARN; moto answers ResourceNotFoundException.",
            steps: ["describe a malformed ARN"],
            paths: ["error.name", "error.message"],
            expect: (emulator, moto, path) => {
                if (path === "error.name")
                    assert.deepEqual([emulator, moto], ["InvalidArnException", "ResourceNotFoundException"]);
            },
        },
        {
            id: "not-found-wording",
            why: "ACM words not-found as 'Could not find certificate <arn>.'; moto as 'Certificate with arn <arn> not found in account <id>'.",
            steps: ["describe deleted", "get deleted", "delete deleted"],
            paths: ["error.message"],
            expect: (emulator, moto) => {
                assert.equal(emulator, "Could not find certificate <arn:1>.");
                assert.equal(moto, "Certificate with arn <arn:1> not found in account 123456789012");
            },
        },
        {
            id: "validation-wording",
            why: "Same exception, other words (moto echoes the tag set or value; the emulator never echoes values). Callers match on the exception name.",
            steps: ["add a 51st tag", "import with an encrypted key", "add a 129-character tag key"],
            paths: ["error.message"],
            expect: (emulator, moto) => {
                assert.equal(typeof emulator, "string");
                assert.equal(typeof moto, "string");
            },
        },
    ];
}
