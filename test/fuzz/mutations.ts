/**
 * Fuzz cases as data (so fast-check can print and shrink them): a target, a
 * valid base, and one to three mutations applied to its inputs in order.
 */
import fc from "fast-check";
import { UNKNOWN } from "../../provider/validate/unknown";
import { ACM_PROPERTIES, FuzzBase, KEY_VAULT_PROPERTIES, Target, validInputs } from "./bases";
import { BASE64_ALPHABET, blocksOf, bodyOffsets } from "./pem-text";

export const PEM_FIELDS = ["certificatePem", "privateKeyPem", "chainPem"] as const;
export type PemField = (typeof PEM_FIELDS)[number];

/** Noise a PEM reader must accept (it does not change the DER). */
export const BENIGN_NOISE = [
    "crlf",
    "bom",
    "leadingWhitespace",
    "trailingWhitespace",
    "blankLinesBetweenBlocks",
    "noFinalNewline",
] as const;
/** Noise that breaks the strict grammar or may; no verdict is required for it. */
const ROUGH_NOISE = [
    "innerSpaces",
    "trailingSpacesPerLine",
    "tabs",
    "joinedLines",
    "blankLineInBody",
    "rewrap76",
    "lowercaseArmour",
] as const;
export type Noise = (typeof BENIGN_NOISE)[number] | (typeof ROUGH_NOISE)[number];

export type Mutation =
    | { kind: "flip"; field: PemField; at: number; by: number }
    | { kind: "truncate"; field: PemField; at: number; keepEnd: boolean }
    | { kind: "duplicateBlock"; field: PemField; at: number }
    | { kind: "dropBlock"; field: PemField; at: number }
    | { kind: "reverseBlocks"; field: PemField }
    | { kind: "label"; field: PemField; label: string; where: "begin" | "end" | "both" }
    | { kind: "noise"; field: PemField; noise: Noise }
    | { kind: "set"; field: string; value: unknown }
    | { kind: "delete"; field: string }
    | { kind: "swap"; a: string; b: string }
    | { kind: "otherKey" }
    | { kind: "unknown"; field: string }
    // Issue 12's shapes: a header line followed by indented header-like lines (PemConverter's regex
    // backtracked ~5× per line), and a long chain given root first, repeated up to (and past) the limit.
    | { kind: "headerBacktrack"; field: PemField; lines: number; keepEnd: boolean }
    | { kind: "longChain"; copies: number };

export interface FuzzCase {
    target: Target;
    base: number;
    mutations: Mutation[];
    /** Previous state as check receives it on an update (ACM reads certificateArn/keyAlgorithm from it). */
    olds: Record<string, unknown>;
}

const field = fc.constantFrom(...PEM_FIELDS);
const anyField = fc.constantFrom(...new Set([...ACM_PROPERTIES, ...KEY_VAULT_PROPERTIES]));
const LABELS = [
    "CERTIFICATE",
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "X509 CERTIFICATE",
    "TRUSTED CERTIFICATE",
    "PUBLIC KEY",
    "FOO",
    "EC PARAMETERS",
];
const ARN = (region: string, partition = "aws"): string =>
    `arn:${partition}:acm:${region}:123456789012:certificate/0b8f0b4c-1c3a-4e0e-9b5c-2a6f5f0c1e11`;

/** Strings shaped like the field, near misses, and anything at all. */
const valueFor: Record<string, fc.Arbitrary<unknown>> = {
    region: fc.oneof(
        fc.constantFrom(
            "us-east-1",
            "eu-west-2",
            "cn-north-1",
            "us-gov-west-1",
            "US-EAST-1",
            "us-east-1 ",
            "",
            "useast1",
            "us-east-100",
        ),
        fc.string(),
    ),
    certificateArn: fc.oneof(
        fc.constantFrom(
            ARN("us-east-1"),
            ARN("eu-west-1"),
            ARN("us-east-1", "aws-cn"),
            "arn:aws:acm:us-east-1:12345678901:certificate/x",
            "arn:aws:iam::123456789012:role/x",
        ),
        fc.string(),
    ),
    tags: fc.oneof(
        fc.dictionary(
            fc.oneof(
                fc.constantFrom(
                    "env",
                    "team",
                    "certdeploy-managed-by",
                    "CertDeploy-x",
                    "aws:cloudformation",
                    "",
                    "a#b",
                    "k".repeat(128),
                    "ключ",
                    "x y",
                ),
                fc.string(),
            ),
            fc.oneof(
                fc.constantFrom("prod", "", "v".repeat(256), "a!b", "ü"),
                fc.string(),
                fc.integer(),
                fc.constant(null),
            ),
            { maxKeys: 6 },
        ),
        fc.constant(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, "v"]))),
        fc.constant(Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`k${i}`, "v"]))),
        fc.jsonValue({ maxDepth: 1 }),
    ),
    vaultUrl: fc.oneof(
        fc.constantFrom(
            "https://fuzz-vault.vault.azure.net",
            "https://fuzz-vault.vault.azure.net/",
            "http://fuzz-vault.vault.azure.net",
            "https://fuzz-vault.vault.azure.net/certificates",
            "https://fuzz-vault.vault.azure.net?x=1",
            "https://hsm.managedhsm.azure.net",
            "https://old.vault.microsoftazure.de",
            "https://a--b.vault.azure.net",
            "https://ab.vault.azure.net",
            "https://vault.example.com",
            "https://user@fuzz-vault.vault.azure.net",
            "https://:hunter2@fuzz-vault.vault.azure.net",
            "https://ops:hunter2@fuzz-vault.vault.azure.net",
            "fuzz-vault.vault.azure.net",
        ),
        fc.webUrl(),
        fc.string(),
    ),
    certificateName: fc.oneof(fc.constantFrom("api-prod", "api_prod", "a".repeat(128), "", "api prod"), fc.string()),
    endpoint: fc.oneof(
        fc.constantFrom(
            "https://acm.us-east-1.amazonaws.com",
            "http://127.0.0.1:4566",
            "http://localhost:4566",
            "http://acm.example.com",
            "ftp://x",
            "https://",
            "https://:hunter2@acm.us-east-1.amazonaws.com",
            "http://ops:hunter2@127.0.0.1:4566",
        ),
        fc.webUrl(),
        fc.string().map((s) => `http://${s}`),
    ),
    certificateId: fc.oneof(fc.constantFrom("a/b/c", "", "x".repeat(256), "a#b"), fc.string()),
    deletionPolicy: fc.constantFrom("delete", "retain", "softDelete", "purge", "DELETE", ""),
    credentialMode: fc.constantFrom("default", "managed_identity", "client_secret", "workload_identity", "msi", ""),
    clientId: fc.oneof(fc.uuid().map(String), fc.string()),
    tenantId: fc.oneof(fc.uuid().map(String), fc.string()),
    vaultResourceId: fc.constantFrom(
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/fuzz-vault",
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/other-vault",
        "/subscriptions/x/resourceGroups/rg",
    ),
    overwriteDrift: fc.oneof(fc.boolean(), fc.constantFrom("true", 1)),
    certificatePem: fc.oneof(
        fc.string(),
        fc.constant("A".repeat(70_000)),
        fc.base64String({ minLength: 64, maxLength: 400 }),
    ),
    privateKeyPem: fc.oneof(
        fc.string(),
        fc.constant("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n"),
        fc.base64String({ minLength: 64, maxLength: 400 }),
    ),
    chainPem: fc.oneof(fc.string(), fc.constant(""), fc.constant("  \n")),
};
const randomValue = fc.oneof(
    { weight: 4, arbitrary: fc.string() },
    fc.jsonValue({ maxDepth: 2 }),
    fc.string({ unit: "grapheme", maxLength: 40 }),
);
const setField = anyField.chain((name) =>
    fc.record({
        kind: fc.constant("set" as const),
        field: fc.constant(name),
        value: fc.oneof({ weight: 3, arbitrary: valueFor[name] ?? randomValue }, randomValue),
    }),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    {
        weight: 6,
        arbitrary: fc.record({
            kind: fc.constant("flip" as const),
            field,
            at: fc.nat(),
            by: fc.integer({ min: 1, max: 63 }),
        }),
    },
    {
        weight: 3,
        arbitrary: fc.record({ kind: fc.constant("truncate" as const), field, at: fc.nat(), keepEnd: fc.boolean() }),
    },
    fc.record({ kind: fc.constant("duplicateBlock" as const), field, at: fc.nat() }),
    fc.record({ kind: fc.constant("dropBlock" as const), field, at: fc.nat() }),
    fc.record({ kind: fc.constant("reverseBlocks" as const), field }),
    fc.record({
        kind: fc.constant("label" as const),
        field,
        label: fc.constantFrom(...LABELS),
        where: fc.constantFrom("begin" as const, "end" as const, "both" as const),
    }),
    {
        weight: 3,
        arbitrary: fc.record({
            kind: fc.constant("noise" as const),
            field,
            noise: fc.constantFrom<Noise>(...BENIGN_NOISE, ...ROUGH_NOISE),
        }),
    },
    { weight: 6, arbitrary: setField },
    fc.record({ kind: fc.constant("delete" as const), field: anyField }),
    fc.record({
        kind: fc.constant("swap" as const),
        a: fc.constantFrom<string>(...PEM_FIELDS),
        b: fc.constantFrom<string>(...PEM_FIELDS),
    }),
    fc.record({ kind: fc.constant("otherKey" as const) }),
    fc.record({ kind: fc.constant("unknown" as const), field: anyField }),
    fc.record({
        kind: fc.constant("headerBacktrack" as const),
        field,
        lines: fc.integer({ min: 1, max: 6000 }),
        keepEnd: fc.boolean(),
    }),
    fc.record({ kind: fc.constant("longChain" as const), copies: fc.integer({ min: 2, max: 100 }) }),
);

const olds: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
    { weight: 4, arbitrary: fc.constant({}) },
    fc.record({
        certificateArn: valueFor.certificateArn,
        keyAlgorithm: fc.constantFrom("RSA_2048", "EC_prime256v1", "RSA-2048", "junk"),
        certificatePem: fc.string(),
    }),
    fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
);

export const fuzzCase = (bases: number): fc.Arbitrary<FuzzCase> =>
    fc.record({
        target: fc.constantFrom<Target>("acm", "keyvault"),
        base: fc.nat(bases - 1),
        mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
        olds,
    });

/** A valid base with only noise every reader must accept. */
export const benignCase = (bases: number): fc.Arbitrary<FuzzCase> =>
    fc.record({
        target: fc.constantFrom<Target>("acm", "keyvault"),
        base: fc.nat(bases - 1),
        mutations: fc.array(
            fc.record({ kind: fc.constant("noise" as const), field, noise: fc.constantFrom(...BENIGN_NOISE) }),
            { minLength: 1, maxLength: 4 },
        ),
        olds: fc.constant({}),
    });

/** One byte flip in the key's body: a key that is no longer the certificate's key (or none at all). */
export const corruptKeyCase = (bases: number): fc.Arbitrary<FuzzCase> =>
    fc.record({
        target: fc.constantFrom<Target>("acm", "keyvault"),
        base: fc.nat(bases - 1),
        mutations: fc
            .tuple(fc.nat(), fc.integer({ min: 1, max: 63 }))
            .map(([at, by]): Mutation[] => [{ kind: "flip", field: "privateKeyPem", at, by }]),
        olds: fc.constant({}),
    });

export function applyCase(c: FuzzCase, bases: FuzzBase[]): Record<string, unknown> {
    const base = bases[c.base];
    const inputs = validInputs(c.target, base);
    for (const m of c.mutations) applyMutation(inputs, m, base);
    return inputs;
}

function applyMutation(inputs: Record<string, unknown>, m: Mutation, base: FuzzBase): void {
    switch (m.kind) {
        case "set":
            inputs[m.field] = m.value;
            return;
        case "delete":
            delete inputs[m.field];
            return;
        case "unknown":
            inputs[m.field] = UNKNOWN;
            return;
        case "otherKey":
            inputs.privateKeyPem = base.otherKeyPem;
            return;
        case "longChain": {
            // The chain's blocks (intermediate, root) repeated, root first: hundreds of certificates to order.
            const blocks = blocksOf(base.chainPem).map((b) => b.text);
            inputs.chainPem =
                Array.from({ length: m.copies }, () => [...blocks].reverse().join("\n")).join("\n") + "\n";
            return;
        }
        case "swap": {
            // A missing field stays missing: the wire (a protobuf Struct) has no key with an undefined value.
            const a = inputs[m.a];
            const b = inputs[m.b];
            delete inputs[m.a];
            delete inputs[m.b];
            if (b !== undefined) inputs[m.a] = b;
            if (a !== undefined) inputs[m.b] = a;
            return;
        }
    }
    const text = inputs[m.field];
    if (typeof text !== "string") return;
    inputs[m.field] = mutatePem(text, m);
}

function mutatePem(
    text: string,
    m: Exclude<Mutation, { kind: "set" | "delete" | "unknown" | "otherKey" | "swap" | "longChain" }>,
): string {
    switch (m.kind) {
        case "headerBacktrack": {
            const label = /-----BEGIN ([^\n-]+)-----/.exec(text)?.[1] ?? "CERTIFICATE";
            const head = `-----BEGIN ${label}-----\nA: B\n${"     a: b\n".repeat(m.lines)}`;
            return `${head}${m.keepEnd ? `-----END ${label}-----\n` : "!\n"}${text}`;
        }
        case "flip": {
            const offsets = bodyOffsets(text);
            if (offsets.length === 0) return text;
            const at = offsets[m.at % offsets.length];
            const replacement = BASE64_ALPHABET[(BASE64_ALPHABET.indexOf(text[at]) + m.by) % BASE64_ALPHABET.length];
            return text.slice(0, at) + replacement + text.slice(at + 1);
        }
        case "truncate": {
            const offsets = bodyOffsets(text);
            if (offsets.length === 0) return text.slice(0, m.at % (text.length + 1));
            const at = offsets[m.at % offsets.length];
            const label = /-----BEGIN ([^\n-]+)-----/.exec(text)?.[1] ?? "CERTIFICATE";
            return text.slice(0, at) + (m.keepEnd ? `\n-----END ${label}-----\n` : "");
        }
        case "duplicateBlock":
        case "dropBlock": {
            const blocks = blocksOf(text).map((b) => b.text);
            if (blocks.length === 0) return text;
            const i = m.at % blocks.length;
            const next =
                m.kind === "duplicateBlock"
                    ? [...blocks.slice(0, i + 1), blocks[i], ...blocks.slice(i + 1)]
                    : blocks.filter((_, j) => j !== i);
            return next.join("\n") + "\n";
        }
        case "reverseBlocks":
            return (
                blocksOf(text)
                    .map((b) => b.text)
                    .reverse()
                    .join("\n") + "\n"
            );
        case "label": {
            const current = /-----BEGIN ([^\n-]+)-----/.exec(text)?.[1];
            if (!current) return text;
            let out = text;
            if (m.where !== "end") out = out.replace(`-----BEGIN ${current}-----`, `-----BEGIN ${m.label}-----`);
            if (m.where !== "begin") out = out.replace(`-----END ${current}-----`, `-----END ${m.label}-----`);
            return out;
        }
        case "noise":
            return addNoise(text, m.noise);
    }
}

function addNoise(text: string, noise: Noise): string {
    const bodyLine = (l: string): boolean => l !== "" && !l.startsWith("-----");
    switch (noise) {
        case "crlf":
            return text.replace(/\r?\n/g, "\r\n");
        case "bom":
            return `\uFEFF${text}`;
        case "leadingWhitespace":
            return ` \n\t\n${text}`;
        case "trailingWhitespace":
            return `${text}\n \t\n\n`;
        case "blankLinesBetweenBlocks":
            return text.replace(/-----\n-----BEGIN/g, "-----\n\n\n-----BEGIN");
        case "noFinalNewline":
            return text.replace(/\s+$/, "");
        case "innerSpaces":
            return text.replace(/^([A-Za-z0-9+/]{10})/m, "$1 ");
        case "trailingSpacesPerLine":
            return text.replace(/\n/g, "  \n");
        case "tabs":
            return text.replace(/\n/g, "\t\n");
        case "joinedLines":
            return text
                .split("\n")
                .map((l, i, all) => (bodyLine(l) && bodyLine(all[i + 1] ?? "") ? l : `${l}\n`))
                .join("");
        case "blankLineInBody":
            return text.replace(/^([A-Za-z0-9+/]{64})\n/m, "$1\n\n");
        case "rewrap76":
            return text.replace(
                /(-----BEGIN [^\n]+-----\n)([\s\S]*?)(-----END)/g,
                (_, b: string, body: string, e: string) =>
                    `${b}${(body.replace(/\s+/g, "").match(/.{1,76}/g) ?? []).join("\n")}\n${e}`,
            );
        case "lowercaseArmour":
            return text.replace(
                /-----(BEGIN|END) ([^\n-]+)-----/g,
                (_, w: string, l: string) => `-----${w} ${l.toLowerCase()}-----`,
            );
    }
}
