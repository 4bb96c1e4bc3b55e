import * as pulumi from "@pulumi/pulumi";
import { parseVaultUrl } from "../provider/keyvault/vault-url";
import { KeyVaultCertificate, KeyVaultCertificateArgs } from "./keyvault-certificate";
import { planMembers, type Member, type MemberIdentity } from "./set-members";
import {
    buildChildren,
    childCertificateId,
    componentOptions,
    type CertificateSetOptions,
    type SetMemberOptions,
} from "./set-options";

export interface KeyVaultCertificateSetArgs extends Omit<KeyVaultCertificateArgs, "vaultUrl"> {
    /**
     * One certificate per vault, e.g. `["https://prod-weu.vault.azure.net", "https://prod-neu.vault.azure.net"]`.
     * Plain strings: the children are named from the first DNS label of each host.
     */
    vaultUrls: string[];
    /** The vault deployed first; every other vault waits for it. Default: the first of `vaultUrls`. */
    canaryVaultUrl?: string;
    /** Options of one vault's certificate, by vault URL: aliases for a certificate moved into the set, its own `certificateId`. */
    perVault?: Record<string, SetMemberOptions>;
}

/**
 * The same certificate in several Key Vaults: one `KeyVaultCertificate` per
 * vault, named `<name>-<vault name>` (the first DNS label of the vault host),
 * parented to the set, each with the full transaction of its own. The canary
 * vault goes first and every other vault depends on it.
 *
 * ```ts
 * const agw = new KeyVaultCertificateSet("agw", { vaultUrls: ["https://prod-weu.vault.azure.net", "https://prod-neu.vault.azure.net"], certificateName: "api-prod", certificatePem, privateKeyPem: pulumi.secret(key) });
 * // agw.versionlessSecretIds: { "https://prod-weu.vault.azure.net": "https://prod-weu.vault.azure.net/secrets/api-prod", … }
 * ```
 *
 * Two spellings of one vault (case, a trailing slash, `:443`) are refused, and
 * so are two vaults whose hosts start with the same label (e.g. the same name
 * in two clouds), whose children would have one name: put those in two sets.
 * Default `certificateId`, resource options and moving an existing
 * certificate in (`perVault` with `aliases` and `certificateId`) work as in
 * AcmCertificateSet.
 */
export class KeyVaultCertificateSet extends pulumi.ComponentResource {
    /** Vault URL (as listed in `vaultUrls`) → version-less secret id, for Application Gateway `keyVaultSecretId`. */
    public readonly versionlessSecretIds: pulumi.Output<Record<string, string>>;
    /** Vault URL → the KeyVaultCertificate child, for its other outputs. */
    public readonly certificates: Readonly<Record<string, KeyVaultCertificate>>;
    /** The canary vault's certificate. */
    public readonly canary: KeyVaultCertificate;

    constructor(name: string, args: KeyVaultCertificateSetArgs, opts?: CertificateSetOptions) {
        const members = planVaultMembers(name, args);
        super("certdeploy:index:KeyVaultCertificateSet", name, {}, componentOptions(opts));
        const { vaultUrls: _v, canaryVaultUrl: _c, perVault, certificateId, ...common } = args;
        const { children, canary } = buildChildren(this, members, opts, perVault, (member, own, options) => {
            const childArgs: KeyVaultCertificateArgs = {
                ...common,
                vaultUrl: member.given,
                ...childCertificateId(certificateId, own, member),
            };
            return new KeyVaultCertificate(`${name}-${member.suffix}`, childArgs, options);
        });
        this.certificates = children;
        this.canary = canary;
        this.versionlessSecretIds = pulumi.all(
            Object.fromEntries(Object.entries(children).map(([url, c]) => [url, c.versionlessSecretId])),
        );
        this.registerOutputs({ versionlessSecretIds: this.versionlessSecretIds });
    }
}

function planVaultMembers(name: string, args: KeyVaultCertificateSetArgs): Member[] {
    const set = `KeyVaultCertificateSet "${name}"`;
    if ((args as unknown as Record<string, unknown>).vaultUrl !== undefined)
        throw new pulumi.RunError(`${set}: takes vaultUrls (a list), not vaultUrl`);
    const names = {
        set,
        name,
        list: "vaultUrls",
        canaryName: "canaryVaultUrl",
        perMemberName: "perVault",
        noun: "vault",
    };
    return planMembers(names, args.vaultUrls, args.canaryVaultUrl, Object.keys(args.perVault ?? {}), identifyVault);
}

/** The vault's normalised base URL (provider/validate/vault-url.ts) is its identity; its first host label names the child. */
function identifyVault(vaultUrl: string): MemberIdentity | string {
    const parsed = parseVaultUrl(vaultUrl);
    if (parsed === undefined || parsed.vaultName === "")
        return `vaultUrls has "${vaultUrl}", which is not a URL; expected https://<vault-name>.vault.azure.net`;
    return { suffix: parsed.vaultName, identity: parsed.base };
}
