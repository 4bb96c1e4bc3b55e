/**
 * The Key Vault calls certdeploy makes, on the real @azure/keyvault-certificates.
 * Loaded on first use (preview never loads it). Retries, Retry-After and the
 * challenge-based bearer auth are the SDK pipeline's.
 */
import type { CertificateClient, KeyVaultCertificate } from "@azure/keyvault-certificates";
import type { TokenCredential } from "@azure/identity";
import { CertdeployError } from "../deploy/errors";
import type { CertificateIdentity } from "../deploy/identity";
import { CHAIN_DIGEST_TAG } from "../deploy/provenance";
import { readCertificate } from "../material/certificate";
import { certificateToPem } from "../material/pem";
import { explainKeyVaultError, statusOf } from "./access";

type KvSdk = typeof import("@azure/keyvault-certificates");

const loadSdk = (): KvSdk => require("@azure/keyvault-certificates") as KvSdk;

const REQUEST_TIMEOUT_MS = Number(process.env.CERTDEPLOY_REQUEST_TIMEOUT_MS ?? 60_000);

/**
 * The latest version as Key Vault shows it. The certificate object holds the
 * leaf only; the chain lives in the secret, which certdeploy never reads (the
 * Certificates Officer role cannot): the chain's digest travels as a tag of the
 * version, written in the same import call that stores the PFX.
 */
export interface LiveVersion extends CertificateIdentity {
    version: string;
    thumbprint: string;
    tags: Record<string, string>;
    certificateDer: Buffer;
    notBefore?: Date;
    notAfter?: Date;
}

export class KeyVaultCallError extends CertdeployError {
    constructor(
        message: string,
        readonly status: number | undefined,
        readonly code: string | undefined,
    ) {
        super(message);
    }
}

export class KeyVaultApi {
    private readonly client: CertificateClient;
    private calls = 0;

    constructor(
        vaultUrl: string,
        credential: TokenCredential,
        private readonly target: () => string,
    ) {
        const sdk = loadSdk();
        this.client = new sdk.CertificateClient(vaultUrl, credential, {
            retryOptions: { maxRetries: Number(process.env.CERTDEPLOY_AZURE_MAX_RETRIES ?? 4) },
            additionalPolicies: [
                {
                    position: "perCall",
                    policy: {
                        name: "certdeployCallCounter",
                        sendRequest: (request, next) => {
                            this.calls++;
                            // No SDK default: a stuck connection would otherwise hold pulumi up indefinitely.
                            if (!request.timeout) request.timeout = REQUEST_TIMEOUT_MS;
                            return next(request);
                        },
                    },
                },
            ],
        });
    }

    apiCalls = (): number => this.calls;

    private async send<T>(operation: string, run: () => Promise<T>): Promise<T> {
        try {
            return await run();
        } catch (e) {
            const code =
                typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string"
                    ? (e as { code: string }).code
                    : undefined;
            throw new KeyVaultCallError(explainKeyVaultError(e, operation, this.target()), statusOf(e), code);
        }
    }

    /** `run`'s answer, or undefined when Key Vault says 404 (no such name). */
    private async unlessNotFound<T>(operation: string, run: () => Promise<T>): Promise<T | undefined> {
        try {
            return await this.send(operation, run);
        } catch (e) {
            if (e instanceof KeyVaultCallError && e.status === 404) return undefined;
            throw e;
        }
    }

    /** The latest version, or undefined when the name does not exist (404). */
    latest(name: string): Promise<LiveVersion | undefined> {
        return this.unlessNotFound("getCertificate", async () => toLive(await this.client.getCertificate(name)));
    }

    async importPfx(
        name: string,
        pfx: Uint8Array,
        password: string,
        tags: Record<string, string>,
    ): Promise<LiveVersion> {
        return this.send("importCertificate", async () =>
            toLive(await this.client.importCertificate(name, pfx, { password, tags, enabled: true })),
        );
    }

    async updateTags(name: string, version: string, tags: Record<string, string>): Promise<void> {
        await this.send("updateCertificateProperties", () =>
            this.client.updateCertificateProperties(name, version, { tags }),
        );
    }

    /** The latest version of the soft-deleted `name` (its certificate and tags), or undefined when none is soft-deleted. */
    deleted(name: string): Promise<LiveVersion | undefined> {
        return this.unlessNotFound("getDeletedCertificate", async () =>
            toLive(await this.client.getDeletedCertificate(name)),
        );
    }

    /** Recovers the soft-deleted `name` with all its versions, waiting until it reads again (the SDK's poller). */
    async recover(name: string): Promise<LiveVersion> {
        return this.send("recoverDeletedCertificate", async () => {
            const poller = await this.client.beginRecoverDeletedCertificate(name, {
                intervalInMs: Number(process.env.CERTDEPLOY_AZURE_POLL_MS ?? 2000),
            });
            return toLive(await poller.pollUntilDone());
        });
    }

    /** Soft delete, waiting until the deletion has finished (the SDK's poller). */
    async softDelete(name: string): Promise<void> {
        await this.send("deleteCertificate", async () => {
            const poller = await this.client.beginDeleteCertificate(name, {
                intervalInMs: Number(process.env.CERTDEPLOY_AZURE_POLL_MS ?? 2000),
            });
            await poller.pollUntilDone();
        });
    }

    async purge(name: string): Promise<void> {
        await this.send("purgeDeletedCertificate", () => this.client.purgeDeletedCertificate(name));
    }
}

function toLive(cert: KeyVaultCertificate): LiveVersion {
    if (!cert.cer || !cert.properties.version)
        throw new CertdeployError("Key Vault returned a certificate without its DER or version");
    const der = Buffer.from(cert.cer);
    const facts = readCertificate(der);
    const tags = cert.properties.tags ?? {};
    return {
        fingerprintSha256: facts.fingerprintSha256,
        ...(tags[CHAIN_DIGEST_TAG] ? { chainSha256: tags[CHAIN_DIGEST_TAG] } : {}),
        pem: { certificate: certificateToPem(der) },
        version: cert.properties.version,
        serial: facts.serial,
        thumbprint: cert.properties.x509Thumbprint
            ? Buffer.from(cert.properties.x509Thumbprint).toString("hex").toUpperCase()
            : facts.thumbprintSha1,
        tags,
        certificateDer: der,
        notBefore: cert.properties.notBefore,
        notAfter: cert.properties.expiresOn,
    };
}
