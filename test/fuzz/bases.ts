/**
 * The valid material every fuzz case starts from, generated at run time in
 * the test process and handed to the fuzz worker as plain strings: an EC
 * P-256 and an RSA 2048 hierarchy (root → intermediate → leaf), plus a key
 * of the same type that belongs to no certificate here.
 */
import { hierarchy, newTestKey } from "../../testing/pki";

export interface FuzzBase {
    kind: "ec" | "rsa";
    certPem: string;
    keyPem: string;
    chainPem: string;
    /** DER, base64: the leaf, the intermediate, the root, the leaf's SPKI, the key (PKCS#8). */
    leafDer: string;
    intermediateDer: string;
    rootDer: string;
    spki: string;
    keyDer: string;
    otherKeyPem: string;
}

export type Target = "acm" | "keyvault";

export async function buildBases(): Promise<FuzzBase[]> {
    const specs = [
        { kind: "ec" as const, leaf: { kind: "ec" as const, curve: "P-256" as const } },
        { kind: "rsa" as const, leaf: { kind: "rsa" as const, bits: 2048 } },
    ];
    const bases: FuzzBase[] = [];
    for (const spec of specs) {
        const h = await hierarchy("api.example.com", spec.leaf);
        const other = await newTestKey(spec.leaf);
        bases.push({
            kind: spec.kind,
            certPem: h.leaf.certPem,
            keyPem: h.leaf.keyPem,
            chainPem: h.chainPem,
            leafDer: h.leaf.der.toString("base64"),
            intermediateDer: h.intermediate.der.toString("base64"),
            rootDer: h.root.der.toString("base64"),
            spki: h.leaf.key.publicKeySpki.toString("base64"),
            keyDer: h.leaf.key.privateKey.export({ type: "pkcs8", format: "der" }).toString("base64"),
            otherKeyPem: other.privateKeyPem,
        });
    }
    return bases;
}

export const ACM_PROPERTIES = [
    "region",
    "certificatePem",
    "privateKeyPem",
    "chainPem",
    "certificateArn",
    "tags",
    "certificateId",
    "endpoint",
    "deletionPolicy",
    "overwriteDrift",
];
export const KEY_VAULT_PROPERTIES = [
    "vaultUrl",
    "certificateName",
    "certificatePem",
    "privateKeyPem",
    "chainPem",
    "tags",
    "certificateId",
    "credentialMode",
    "clientId",
    "tenantId",
    "vaultResourceId",
    "deletionPolicy",
    "overwriteDrift",
];

/** Valid inputs for a target built from a base. */
export function validInputs(target: Target, base: FuzzBase): Record<string, unknown> {
    const material = {
        certificatePem: base.certPem,
        privateKeyPem: base.keyPem,
        chainPem: base.chainPem,
        tags: { env: "production" },
    };
    return target === "acm"
        ? { region: "us-east-1", ...material, certificateId: "fuzz/test/acm" }
        : {
              vaultUrl: "https://fuzz-vault.vault.azure.net",
              certificateName: "api-prod",
              ...material,
              certificateId: "fuzz/test/kv",
          };
}
