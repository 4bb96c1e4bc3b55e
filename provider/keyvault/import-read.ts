/**
 * `pulumi import` of a KeyVaultCertificate by its version-less id (and
 * `KeyVaultCertificate.get`): a Read with only an id. Vault and name come from
 * the id; the credential is the `default` mode's (DefaultAzureCredential:
 * environment, workload identity, managed identity, Azure CLI). No key and no
 * chain: reading them needs the secret, which the Certificates Officer role
 * does not grant; the first `pulumi up` supplies both.
 *
 *     readKeyVaultForImport("https://prod-vault.vault.azure.net/certificates/api-prod")
 *     → { id: "https://prod-vault.vault.azure.net/certificates/api-prod",
 *         inputs: { vaultUrl: "https://prod-vault.vault.azure.net", certificateName: "api-prod", certificatePem, tags },
 *         outputs: { …inputs, versionlessSecretId, version, thumbprint, serial, … } }
 */
import { CertdeployError } from "../deploy/errors";
import { ImportedResource, splitLiveTags } from "../deploy/imported";
import { readCertificate } from "../material/certificate";
import { certificateToPem } from "../material/pem";
import { KeyVaultApi } from "./client";
import { credentialFor } from "./credential";
import { keyVaultIds } from "./ids";
import { KEY_VAULT_STATE_VERSION } from "./state";

// learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#object-identifiers
const CERTIFICATE_ID = /^https:\/\/([a-z0-9.-]+(?::\d+)?)\/certificates\/([0-9a-zA-Z-]{1,127})(?:\/[0-9a-zA-Z]+)?\/?$/i;

const describeImport = (id: string): string => `KeyVaultCertificate import (${id})`;

/** `https://{vault}/certificates/{name}[/{version}]` → vault URL and name. */
export function parseCertificateId(id: string): { vaultUrl: string; certificateName: string } | undefined {
    const m = CERTIFICATE_ID.exec(id);
    return m ? { vaultUrl: `https://${m[1].toLowerCase()}`, certificateName: m[2] } : undefined;
}

export async function readKeyVaultForImport(id: string): Promise<ImportedResource | undefined> {
    const parsed = parseCertificateId(id);
    if (!parsed) {
        throw new CertdeployError(
            `${describeImport(id)}: the id is not a Key Vault certificate id; import with the version-less id, e.g. https://prod-vault.vault.azure.net/certificates/api-prod`,
        );
    }
    const target = describeImport(id);
    const api = new KeyVaultApi(
        parsed.vaultUrl,
        credentialFor("default", { vaultUrl: parsed.vaultUrl }, target),
        () => target,
    );
    const live = await api.latest(parsed.certificateName);
    if (!live) return undefined;
    const facts = readCertificate(live.certificateDer);
    const { userTags, certificateId } = splitLiveTags(live.tags);
    const inputs: Record<string, unknown> = {
        vaultUrl: parsed.vaultUrl,
        certificateName: parsed.certificateName,
        certificatePem: certificateToPem(live.certificateDer),
        ...(userTags ? { tags: userTags } : {}),
        ...(certificateId ? { certificateId } : {}),
    };
    const ids = keyVaultIds(parsed.vaultUrl, parsed.certificateName, live.version);
    const outputs: Record<string, unknown> = {
        ...inputs,
        certificateId: certificateId ?? "",
        ...ids,
        version: live.version,
        thumbprint: live.thumbprint,
        serial: live.serial,
        notBefore: (live.notBefore ?? facts.notBefore).toISOString(),
        notAfter: (live.notAfter ?? facts.notAfter).toISOString(),
        fingerprintSha256: facts.fingerprintSha256,
        stateVersion: KEY_VAULT_STATE_VERSION,
    };
    return { id: ids.versionlessId, inputs, outputs };
}
