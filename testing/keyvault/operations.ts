/**
 * The Key Vault certificate operations, once a request is authenticated,
 * authorised and past any injected fault. Each returns status + JSON body.
 * REST reference: https://learn.microsoft.com/rest/api/keyvault/certificates/operation-groups
 */
import {
    certificateBundle,
    certificateItem,
    deletedCertificateBundle,
    deletedCertificateItem,
    policyJson,
    secretBundle,
    type VaultSettings,
} from "./bundles";
import {
    PEM_CONTENT_TYPE,
    PKCS12_CONTENT_TYPE,
    readPem,
    readPkcs12,
    type CertificateMaterial,
} from "./certificate-material";
import { badParameter, KeyVaultHttpError, purgeProtected, secretNotFound } from "./errors";
import type { Route } from "./routes";
import {
    nowSeconds,
    type CertificateVersion,
    type ImportWireShape,
    type NewVersion,
    type VaultState,
} from "./vault-state";

export interface OperationSettings extends VaultSettings {
    vaultName: string;
    /** Page size for list operations when the client sends no maxresults (Key Vault's maximum is 25). */
    pageSize: number;
    /** DESIGN.md §6: Key Vault refuses to import an expired certificate. */
    rejectExpiredImports: boolean;
}

export interface OperationContext {
    state: VaultState;
    settings: OperationSettings;
    /** Scheme + host (+ port) the request arrived on; ids are built from it. */
    base: string;
    apiVersion: string;
    /** Material for a competing writer when `ackNotLatest` hits a name with no earlier version. */
    racerMaterial: () => Promise<NewVersion>;
}

export interface OperationResult {
    status: number;
    body?: unknown;
    wire?: ImportWireShape;
}

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function parseJsonBody(raw: string): JsonObject {
    if (raw.trim() === "") return {};
    try {
        const parsed = asObject(JSON.parse(raw));
        if (parsed) return parsed;
    } catch {
        // fall through
    }
    throw badParameter("The request body is not a valid JSON object.");
}

/** "Key Vault supports up to 15 tags, each of which can have a 512-character name and a 512-character value."
 * https://learn.microsoft.com/azure/key-vault/secrets/about-secrets#secret-tags */
const MAX_TAGS = 15;
const MAX_TAG_LENGTH = 512;

function parseTags(value: unknown): Record<string, string> {
    const tags = asObject(value) ?? {};
    const entries = Object.entries(tags);
    if (entries.length > MAX_TAGS)
        throw badParameter(`The number of tags (${entries.length}) exceeds the limit of ${MAX_TAGS}.`);
    const out: Record<string, string> = {};
    for (const [k, v] of entries) {
        if (typeof v !== "string") throw badParameter(`Tag '${k}' must have a string value.`);
        if (k.length > MAX_TAG_LENGTH || v.length > MAX_TAG_LENGTH)
            throw badParameter(`Tag '${k.slice(0, 40)}' exceeds ${MAX_TAG_LENGTH} characters.`);
        out[k] = v;
    }
    return out;
}

/** Reads `value` per `policy.secret_props.contentType`; PKCS#12 when none is given (the service default). */
export function readImportedMaterial(
    value: string,
    contentType: string | undefined,
    password: string | undefined,
): CertificateMaterial {
    if (contentType === PEM_CONTENT_TYPE) return readPem(value);
    if (contentType === undefined || contentType === PKCS12_CONTENT_TYPE) return readPkcs12(value, password);
    throw badParameter(`Content type '${contentType}' is not supported for certificate import.`);
}

function pageOf<T>(
    items: T[],
    query: URLSearchParams,
    settings: OperationSettings,
    nextBase: string,
    apiVersion: string,
): JsonObject {
    const requested = Number(query.get("maxresults") ?? settings.pageSize);
    const size = Math.max(1, Math.min(25, Number.isFinite(requested) ? requested : settings.pageSize));
    const skip = Number(Buffer.from(query.get("$skiptoken") ?? "", "base64url").toString() || "0") || 0;
    const page = items.slice(skip, skip + size);
    const more = skip + size < items.length;
    const token = Buffer.from(String(skip + size)).toString("base64url");
    return {
        value: page,
        nextLink: more
            ? `${nextBase}?api-version=${encodeURIComponent(apiVersion)}&$skiptoken=${token}&maxresults=${size}`
            : null,
    };
}

/** The import body's shape, for the call log (no values). Undefined when the body is not JSON. */
export function describeImportBody(raw: string): ImportWireShape | undefined {
    if (raw.trim() === "") return undefined; // the SDK's challenge request carries no body
    let body: JsonObject;
    try {
        body = parseJsonBody(raw);
    } catch {
        return undefined;
    }
    const contentType = asObject(asObject(body.policy)?.secret_props)?.contentType;
    return {
        policySent: body.policy !== undefined && body.policy !== null,
        contentType: typeof contentType === "string" ? contentType : undefined,
        passwordSent: typeof body.pwd === "string" && body.pwd !== "",
        tagsSent: asObject(body.tags) !== undefined,
        valueLooksLikePem: typeof body.value === "string" && body.value.trimStart().startsWith("-----BEGIN"),
    };
}

async function importCertificate(
    ctx: OperationContext,
    name: string,
    raw: string,
    ackNotLatest: boolean,
): Promise<OperationResult> {
    const body = parseJsonBody(raw);
    const wire = describeImportBody(raw);
    const value = body.value;
    if (typeof value !== "string" || value === "") throw badParameter("The parameter 'value' is required.");
    const material = readImportedMaterial(
        value,
        wire?.contentType,
        typeof body.pwd === "string" ? body.pwd : undefined,
    );
    if (ctx.settings.rejectExpiredImports && material.notAfter.getTime() < Date.now()) {
        throw badParameter("The specified X.509 certificate content is invalid. Error: the certificate has expired.");
    }
    const previous = ctx.state.latest(name);
    const imported = ctx.state.addVersion(name, {
        material,
        secretValue: value,
        secretContentType: wire?.contentType ?? PKCS12_CONTENT_TYPE,
        wire,
        tags: parseTags(body.tags),
        enabled: asObject(body.attributes)?.enabled !== false,
        source: "import",
    });
    if (ackNotLatest) {
        // Another writer's version lands right after ours: ours is acknowledged but not latest.
        const racer: NewVersion = previous ? { ...copyOf(previous), source: "racer" } : await ctx.racerMaterial();
        ctx.state.addVersion(name, racer);
    }
    return { status: 200, body: certificateBundle(ctx.base, ctx.state.require(name), imported, ctx.settings), wire };
}

function copyOf(v: CertificateVersion): NewVersion {
    return {
        material: v.material,
        secretValue: v.secretValue,
        secretContentType: v.secretContentType,
        tags: { ...v.tags },
        enabled: true,
        source: v.source,
    };
}

function updateCertificate(ctx: OperationContext, name: string, version: string, raw: string): OperationResult {
    const body = parseJsonBody(raw);
    const target = version === "" ? ctx.state.require(name).versions.at(-1) : ctx.state.version(name, version);
    if (!target) throw badParameter("No version to update.");
    const attributes = asObject(body.attributes);
    if (typeof attributes?.enabled === "boolean") target.enabled = attributes.enabled;
    if (body.tags !== undefined && body.tags !== null) target.tags = parseTags(body.tags);
    target.updated = nowSeconds();
    return { status: 200, body: certificateBundle(ctx.base, ctx.state.require(name), target, ctx.settings) };
}

function getSecret(ctx: OperationContext, name: string, version: string): OperationResult {
    const entry = ctx.state.find(name);
    const v = entry
        ? version === ""
            ? entry.versions.at(-1)
            : entry.versions.find((x) => x.version === version.toLowerCase())
        : undefined;
    if (!entry || !v) throw secretNotFound(name, version || undefined);
    if (!v.enabled) {
        // https://learn.microsoft.com/rest/api/keyvault/secrets/get-secret/get-secret (disabled secrets are not readable)
        throw new KeyVaultHttpError(
            403,
            "Forbidden",
            "Operation get is not allowed on a disabled secret.",
            "SecretDisabled",
        );
    }
    return { status: 200, body: secretBundle(ctx.base, entry, v, ctx.settings) };
}

/** How an injected fault shapes a call that still succeeds. */
export interface CallShaping {
    ackNotLatest: boolean;
    /** getCertificate answers with the version before the latest (a read served before the last write propagated). */
    staleRead: boolean;
}

export async function runOperation(
    ctx: OperationContext,
    route: Route,
    query: URLSearchParams,
    raw: string,
    shaping: CallShaping,
): Promise<OperationResult> {
    const { state, settings, base } = ctx;
    const name = route.name ?? "";
    switch (route.operation) {
        case "import":
            return importCertificate(ctx, name, raw, shaping.ackNotLatest);
        case "getCertificate": {
            const entry = state.require(name);
            const shown =
                shaping.staleRead && entry.versions.length > 1 ? entry.versions.length - 2 : entry.versions.length - 1;
            return { status: 200, body: certificateBundle(base, entry, entry.versions[shown], settings) };
        }
        case "getVersion":
            return {
                status: 200,
                body: certificateBundle(base, state.require(name), state.version(name, route.version ?? ""), settings),
            };
        case "listVersions": {
            const entry = state.require(name);
            const items = entry.versions.map((v) => certificateItem(base, entry, v, true, settings));
            return {
                status: 200,
                body: pageOf(items, query, settings, `${base}/certificates/${entry.name}/versions`, ctx.apiVersion),
            };
        }
        case "getPolicy": {
            const entry = state.require(name);
            return { status: 200, body: policyJson(base, entry, entry.versions[entry.versions.length - 1]) };
        }
        case "listCertificates": {
            const items = state
                .entries()
                .map((e) => certificateItem(base, e, e.versions[e.versions.length - 1], false, settings));
            return { status: 200, body: pageOf(items, query, settings, `${base}/certificates`, ctx.apiVersion) };
        }
        case "update":
            return updateCertificate(ctx, name, route.version ?? "", raw);
        case "delete":
            return { status: 200, body: deletedCertificateBundle(base, state.softDelete(name), settings) };
        case "getDeleted":
            return { status: 200, body: deletedCertificateBundle(base, state.requireDeleted(name), settings) };
        case "listDeleted": {
            const items = state.deletedList().map((d) => deletedCertificateItem(base, d, settings));
            return { status: 200, body: pageOf(items, query, settings, `${base}/deletedcertificates`, ctx.apiVersion) };
        }
        case "purge":
            state.requireDeleted(name);
            if (settings.purgeProtection) throw purgeProtected(name, settings.vaultName);
            state.purge(name);
            return { status: 204 };
        case "recover": {
            const entry = state.recover(name);
            return {
                status: 200,
                body: certificateBundle(base, entry, entry.versions[entry.versions.length - 1], settings),
            };
        }
        case "getSecret":
            return getSecret(ctx, name, route.version ?? "");
    }
}
