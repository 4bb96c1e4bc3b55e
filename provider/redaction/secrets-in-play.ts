/**
 * The secrets in play: what redaction must know to remove a secret in any
 * form. Each provider call (and each CLI command) runs in its own scope
 * holding the secret inputs it was given (private keys, from state too), plus
 * what it creates on the way (the PFX and its password); the credentials in
 * the process environment (client secret, federated token, AWS secret key)
 * are in every scope. Scopes follow async calls (AsyncLocalStorage), so
 * concurrent Creates in one provider host never see each other's keys.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import * as fs from "node:fs";
import { Secret, SecretMatcher } from "./secret-matcher";

interface Scope {
    secrets: Secret[];
    matcher?: SecretMatcher;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Environment variables that hold a credential, as @azure/identity and the AWS SDK read them. */
const SECRET_ENV = [
    "AZURE_CLIENT_SECRET",
    "AZURE_CLIENT_CERTIFICATE_PASSWORD",
    "AZURE_PASSWORD",
    "IDENTITY_HEADER",
    "MSI_SECRET",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
];
/** Environment variables naming a file whose content is a credential (workload identity's federated token). */
const SECRET_FILE_ENV = ["AZURE_FEDERATED_TOKEN_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE"];
const MAX_SECRET_FILE_BYTES = 64 * 1024;

let environment: { key: string; matcher: SecretMatcher } | undefined;

function readBounded(file: string): string | undefined {
    let fd: number | undefined;
    try {
        fd = fs.openSync(file, "r");
        const buf = Buffer.alloc(MAX_SECRET_FILE_BYTES);
        const n = fs.readSync(fd, buf, 0, buf.length, 0);
        return buf.subarray(0, n).toString("utf8");
    } catch {
        return undefined;
    } finally {
        if (fd !== undefined) fs.closeSync(fd);
    }
}

/** The credentials in the environment now (rebuilt only when the environment changed). */
function environmentMatcher(): SecretMatcher {
    const values = [
        ...SECRET_ENV.map((k) => process.env[k]),
        ...SECRET_FILE_ENV.map((k) => process.env[k]).map((f) => (f ? readBounded(f) : undefined)),
    ].filter((v): v is string => v !== undefined && v !== "");
    const key = values.join("\u0000");
    if (environment?.key !== key)
        environment = { key, matcher: values.reduce((m, v) => m.add(v), new SecretMatcher()) };
    return environment.matcher;
}

/** Runs `run` with `secrets` (and those of any enclosing scope) in play. */
export function withSecretsInPlay<T>(secrets: readonly unknown[], run: () => T): T {
    const inherited = scopes.getStore()?.secrets ?? [];
    const own = secrets.filter((s): s is Secret => typeof s === "string" || s instanceof Uint8Array);
    return scopes.run({ secrets: [...inherited, ...own] }, run);
}

/** Adds a secret made during this call (a PFX, its password) to the current scope. */
export function noteSecret(secret: Secret): void {
    const scope = scopes.getStore();
    if (!scope) return;
    scope.secrets.push(secret);
    scope.matcher = undefined;
}

/** Matchers for the secrets in play: the environment's, and the current scope's. */
export function matchersInPlay(): SecretMatcher[] {
    const scope = scopes.getStore();
    if (scope && !scope.matcher) scope.matcher = scope.secrets.reduce((m, s) => m.add(s), new SecretMatcher());
    return scope?.matcher ? [environmentMatcher(), scope.matcher] : [environmentMatcher()];
}
