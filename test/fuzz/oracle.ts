/**
 * The fuzz oracle: reasons a mutated input is certainly invalid, derived from
 * the documented contract (schema formats, DESIGN.md rules, RFC 7468, X.509)
 * and our own PEM reader — never from the provider's code. Sound rather than
 * complete: when a mutation might leave the input valid, no claim is made.
 */
import { createPrivateKey, createPublicKey, KeyObject, sign, verify, X509Certificate } from "node:crypto";
import { ACM_PROPERTIES, FuzzBase, KEY_VAULT_PROPERTIES, Target } from "./bases";
import { blocksOf, hasArmour, TextBlock } from "./pem-text";

export interface Claim {
    property: string;
    why: string;
    /** Set when the provider is known to miss this claim (a skipped bug). */
    bug?: string;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PROVENANCE_ID = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,255}$/u;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/;
const ARN = /^arn:([a-z-]+):acm:([a-z0-9-]+):[0-9]{12}:certificate\/[0-9a-zA-Z-]{1,64}$/;
const ENDPOINT = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;
const URL_SHAPE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s]+$/;
const VAULT_RESOURCE_ID =
    /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]{1,90}\/providers\/Microsoft\.KeyVault\/vaults\/[a-zA-Z0-9-]{3,24}$/;
const VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const VAULT_SUFFIXES = [".vault.azure.net", ".vault.azure.cn", ".vault.usgovcloudapi.net"];
const ACM_TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const KEY_FORMATS: Record<string, "pkcs8" | "pkcs1" | "sec1"> = {
    "PRIVATE KEY": "pkcs8",
    "RSA PRIVATE KEY": "pkcs1",
    "EC PRIVATE KEY": "sec1",
};
const ENUMS: Record<Target, Record<string, string[]>> = {
    acm: { deletionPolicy: ["delete", "retain"] },
    keyvault: {
        deletionPolicy: ["softDelete", "purge", "retain"],
        credentialMode: ["default", "managed_identity", "client_secret", "workload_identity"],
    },
};
const MAX_LENGTH: Record<string, number> = {
    region: 32,
    certificatePem: 65536,
    privateKeyPem: 65536,
    chainPem: 262144,
    certificateArn: 2048,
    certificateId: 255,
    endpoint: 2048,
    vaultUrl: 2048,
    certificateName: 127,
    clientId: 36,
    tenantId: 36,
    vaultResourceId: 1024,
};

/** The engine's unknown sentinel (preview), anywhere in a value: the provider skips such properties. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const isUnknown = (v: unknown): boolean =>
    v === UNKNOWN || (typeof v === "object" && v !== null && Object.values(v).some(isUnknown));

/** Everything the oracle can say about one input set. */
export function invalidity(target: Target, inputs: Record<string, unknown>, base: FuzzBase): Claim[] {
    const claims: Claim[] = [];
    const claim = (property: string, why: string, bug?: string): void =>
        void claims.push({ property, why, ...(bug ? { bug } : {}) });
    const known = (k: string): boolean => k in inputs && !isUnknown(inputs[k]);
    const str = (k: string): string | undefined => (known(k) && typeof inputs[k] === "string" ? inputs[k] : undefined);

    const allowed = target === "acm" ? ACM_PROPERTIES : KEY_VAULT_PROPERTIES;
    const required =
        target === "acm"
            ? ["region", "certificatePem", "privateKeyPem"]
            : ["vaultUrl", "certificateName", "certificatePem", "privateKeyPem"];
    for (const k of required) if (!(k in inputs)) claim(k, "required and missing");
    for (const k of Object.keys(inputs))
        if (!allowed.includes(k) && known(k)) claim(k, "not a property of this resource");

    for (const k of allowed) {
        if (!known(k)) continue;
        const v = inputs[k];
        if (k === "tags") continue;
        if (k === "overwriteDrift") {
            if (typeof v !== "boolean") claim(k, "not a boolean");
            continue;
        }
        if (typeof v !== "string") {
            claim(k, "not a string");
            continue;
        }
        if ([...v].length > (MAX_LENGTH[k] ?? Infinity)) claim(k, "too long");
        const values = ENUMS[target][k];
        if (values && !values.includes(v)) claim(k, "not one of the documented values");
    }
    if (known("tags")) claims.push(...tagClaims(target, inputs.tags));

    if (target === "acm") {
        const region = str("region");
        if (region !== undefined && !REGION.test(region)) claim("region", "not an AWS region code");
        const arn = str("certificateArn");
        if (arn !== undefined && !ARN.test(arn)) claim("certificateArn", "not an ACM ARN");
        const parsed = arn !== undefined ? ARN.exec(arn) : null;
        if (parsed && region !== undefined && REGION.test(region) && region.length <= 32) {
            if (parsed[2] !== region) claim("certificateArn", "in another region");
            if (parsed[1] !== partitionOf(region)) claim("certificateArn", "in another partition");
        }
        const endpoint = str("endpoint");
        if (endpoint !== undefined) claims.push(...endpointClaims(endpoint));
    } else {
        const name = str("certificateName");
        if (name !== undefined && !/^[0-9a-zA-Z-]{1,127}$/.test(name))
            claim("certificateName", "not 1-127 of 0-9a-zA-Z-");
        const url = str("vaultUrl");
        if (url !== undefined) claims.push(...vaultUrlClaims(url));
        for (const k of ["clientId", "tenantId"])
            if (str(k) !== undefined && !GUID.test(str(k)!)) claim(k, "not a GUID");
        const resourceId = str("vaultResourceId");
        if (resourceId !== undefined && !VAULT_RESOURCE_ID.test(resourceId))
            claim("vaultResourceId", "not a Key Vault resource id");
        if (
            resourceId !== undefined &&
            VAULT_RESOURCE_ID.test(resourceId) &&
            url !== undefined &&
            vaultUrlClaims(url).length === 0
        ) {
            const urlName = new URL(url).hostname.toLowerCase().split(".")[0];
            if (resourceId.split("/").pop()?.toLowerCase() !== urlName) claim("vaultResourceId", "names another vault");
        }
        if (str("clientId") !== undefined && GUID.test(str("clientId")!) && str("credentialMode") === "client_secret")
            claim("clientId", "unused with client_secret");
    }
    const certificateId = str("certificateId");
    if (certificateId !== undefined && !PROVENANCE_ID.test(certificateId))
        claim("certificateId", "not a provenance id");

    claims.push(...materialClaims(inputs, base, str));
    return claims;
}

function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    if (region.startsWith("us-isob-")) return "aws-iso-b";
    if (region.startsWith("us-iso-")) return "aws-iso";
    return "aws";
}

function tagClaims(target: Target, tags: unknown): Claim[] {
    const claim = (why: string): Claim => ({ property: "tags", why });
    if (typeof tags !== "object" || tags === null || Array.isArray(tags)) return [claim("not a map")];
    const entries = Object.entries(tags as Record<string, unknown>);
    const out: Claim[] = [];
    const acm = target === "acm";
    if (entries.length > (acm ? 48 : 13)) out.push(claim("too many tags with the two provenance tags"));
    for (const [key, value] of entries) {
        if (typeof value !== "string") {
            out.push(claim("a value is not a string"));
            continue;
        }
        if ([...value].length > 256) out.push(claim("a value is too long for the schema"));
        if (key.toLowerCase().startsWith("certdeploy-")) out.push(claim("reserved prefix certdeploy-"));
        if (key === "") out.push(claim("empty key"));
        if (acm) {
            if (key.toLowerCase().startsWith("aws:")) out.push(claim("reserved prefix aws:"));
            if (key.length > 127 || value.length > 255) out.push(claim("longer than ACM allows"));
            if (!ACM_TAG_CHARS.test(key) || !ACM_TAG_CHARS.test(value)) out.push(claim("characters ACM refuses"));
        } else if (key.length > 512) {
            out.push(claim("key longer than Key Vault allows"));
        }
    }
    return out;
}

function endpointClaims(endpoint: string): Claim[] {
    if (!ENDPOINT.test(endpoint)) return [{ property: "endpoint", why: "not an http(s) URL" }];
    let url: URL;
    try {
        url = new URL(endpoint);
    } catch {
        return [{ property: "endpoint", why: "not a URL" }];
    }
    if (url.username || url.password) return [{ property: "endpoint", why: "user info in the URL" }];
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    return url.protocol === "http:" && !loopback ? [{ property: "endpoint", why: "plain http off loopback" }] : [];
}

function vaultUrlClaims(text: string): Claim[] {
    const claim = (why: string): Claim[] => [{ property: "vaultUrl", why }];
    if (!URL_SHAPE.test(text)) return claim("not URL-shaped");
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        return claim("not a URL");
    }
    const host = url.hostname.toLowerCase();
    if (url.protocol !== "https:") return claim("not https");
    if (url.pathname !== "/" && url.pathname !== "") return claim("has a path");
    if (url.search || url.hash || url.username || url.password)
        return claim("query, fragment or user info (a password-only user info too)");
    if (host.endsWith(".managedhsm.azure.net")) return claim("a Managed HSM");
    if (host.endsWith(".vault.microsoftazure.de")) return claim("a retired cloud");
    const suffix = VAULT_SUFFIXES.find((s) => host.endsWith(s));
    if (suffix && !VAULT_NAME.test(host.slice(0, -suffix.length))) return claim("not a valid vault name");
    return [];
}

interface PemView {
    armour: boolean;
    blocks: TextBlock[];
}

const view = (text: string): PemView => ({ armour: hasArmour(text), blocks: blocksOf(text) });
const parses = (der: Buffer, ...known: Buffer[]): boolean => {
    if (known.some((k) => k.equals(der))) return true;
    try {
        new X509Certificate(der);
        return true;
    } catch {
        return false;
    }
};

function materialClaims(
    inputs: Record<string, unknown>,
    base: FuzzBase,
    str: (k: string) => string | undefined,
): Claim[] {
    const out: Claim[] = [];
    const claim = (property: string, why: string, bug?: string): void =>
        void out.push({ property, why, ...(bug ? { bug } : {}) });
    const leafDer = Buffer.from(base.leafDer, "base64");
    const intDer = Buffer.from(base.intermediateDer, "base64");
    const rootDer = Buffer.from(base.rootDer, "base64");
    const spki = Buffer.from(base.spki, "base64");
    const keyDer = Buffer.from(base.keyDer, "base64");

    // The chain exactly as issued (intermediate, root): the leaf's issuer is then checked.
    const chainText = str("chainPem");
    const chain = chainText !== undefined && chainText.trim() !== "" ? view(chainText) : undefined;
    const chainDers =
        chain && chain.blocks.every((b) => b.label === "CERTIFICATE" && b.der)
            ? chain.blocks.map((b) => b.der!)
            : undefined;
    const chainIntact = chainDers?.length === 2 && chainDers[0].equals(intDer) && chainDers[1].equals(rootDer);

    const certText = str("certificatePem");
    let leafOriginal = false;
    if (certText !== undefined) {
        const cert = view(certText);
        if (!cert.armour) claim("certificatePem", "not PEM");
        else if (cert.blocks.length === 0) claim("certificatePem", "no complete PEM block");
        else if (cert.blocks.length > 1) claim("certificatePem", "more than one block");
        else if (cert.blocks[0].label !== "CERTIFICATE") claim("certificatePem", "not a CERTIFICATE block");
        else if (cert.blocks[0].der) {
            const der = cert.blocks[0].der;
            leafOriginal = der.equals(leafDer);
            if (!parses(der, leafDer)) claim("certificatePem", "not an X.509 certificate");
            else if (!leafOriginal && chainIntact) claim("certificatePem", "altered: the intermediate did not sign it");
        }
    }

    if (chain && chainText !== undefined) {
        if (!chain.armour) claim("chainPem", "not PEM");
        else if (chain.blocks.length === 0) claim("chainPem", "no complete PEM block");
        else if (chain.blocks.some((b) => b.label !== "CERTIFICATE"))
            claim("chainPem", "holds a block that is not a CERTIFICATE");
        else if (chainDers) {
            const hex = chainDers.map((d) => d.toString("hex"));
            if (chainDers.some((d) => !parses(d, intDer, rootDer)))
                claim("chainPem", "holds something that is not an X.509 certificate");
            else if (leafOriginal) {
                if (chainDers.some((d) => d.equals(leafDer))) claim("chainPem", "repeats the leaf");
                // A repeated self-signed root still chains (it issues itself); a repeated intermediate does not.
                else if (hex.filter((h) => h === intDer.toString("hex")).length > 1)
                    claim("chainPem", "repeats the intermediate");
                else if (chainDers[0].equals(rootDer)) claim("chainPem", "does not start with the leaf's issuer");
                else if (chainDers.length === 2 && chainDers[1].equals(rootDer) && !chainDers[0].equals(intDer))
                    claim("chainPem", "altered intermediate");
            }
        }
    }

    const keyText = str("privateKeyPem");
    if (keyText !== undefined) {
        const key = view(keyText);
        const keyBlocks = key.blocks.filter((b) => b.label in KEY_FORMATS || b.label === "ENCRYPTED PRIVATE KEY");
        if (!key.armour) claim("privateKeyPem", "not PEM");
        else if (key.blocks.length === 0) claim("privateKeyPem", "no complete PEM block");
        else if (keyBlocks.length === 0) claim("privateKeyPem", "no private key block");
        else if (keyBlocks.length > 1) claim("privateKeyPem", "more than one private key");
        else if (keyBlocks[0].label === "ENCRYPTED PRIVATE KEY") claim("privateKeyPem", "encrypted");
        else if (keyBlocks[0].der && !(keyBlocks[0].der.equals(keyDer) && keyBlocks[0].label === "PRIVATE KEY")) {
            const block = keyBlocks[0];
            let keyObject: KeyObject | undefined;
            try {
                keyObject = createPrivateKey({ key: block.der!, format: "der", type: KEY_FORMATS[block.label] });
            } catch {
                claim("privateKeyPem", "not a private key of the type its label names");
            }
            if (keyObject && leafOriginal) {
                const keySpki = createPublicKey(keyObject).export({ type: "spki", format: "der" });
                if (!keySpki.equals(spki)) claim("privateKeyPem", "not the certificate's key");
                else if (!signsForCertificate(keyObject, spki))
                    claim("privateKeyPem", "corrupted: cannot sign for the certificate's public key");
            }
        }
    }
    return out;
}

/** A key is the certificate's key only if what it signs verifies under the certificate's public key. */
function signsForCertificate(key: KeyObject, spki: Buffer): boolean {
    const message = Buffer.from("certdeploy fuzz oracle");
    try {
        const signature = sign("sha256", message, key);
        return verify("sha256", message, createPublicKey({ key: spki, format: "der", type: "spki" }), signature);
    } catch {
        return false;
    }
}
