/**
 * The ACM calls certdeploy makes, on the real @aws-sdk/client-acm. The SDK is
 * loaded on first use so that check/diff (preview) never load it. Retries are
 * the SDK's (adaptive retry mode); ImportCertificate is paced per account and
 * region (documented rate: 1/s) instead of retried in storms.
 */
import type { ACMClient, CertificateDetail, Tag } from "@aws-sdk/client-acm";
import { Pacer } from "../deploy/pacer";
import { CertdeployError } from "../deploy/errors";
import { awsErrorName, explainAcmError } from "./access";
import { acmCredentials, AwsAccess, AwsCredentialError, principalOf } from "./credentials";
import { proxyAgentsFromEnv } from "./proxy";

type AcmSdk = typeof import("@aws-sdk/client-acm");

const loadSdk = (): AcmSdk => require("@aws-sdk/client-acm") as AcmSdk;

// docs.aws.amazon.com/acm/latest/userguide/acm-limits.html (ImportCertificate: 1 request per second)
const importPacer = new Pacer(Number(process.env.CERTDEPLOY_ACM_IMPORTS_PER_SECOND ?? 1));
// Every key type, so ListCertificates does not default to RSA_1024/RSA_2048 only.
const ALL_KEY_TYPES = [
    "RSA_1024",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "EC_prime256v1",
    "EC_secp384r1",
    "EC_secp521r1",
] as const;

export interface PemMaterial {
    certificatePem: string;
    privateKeyPem: string;
    chainPem?: string;
}

export class AcmApi {
    private readonly client: ACMClient;
    private readonly sdk: AcmSdk;
    private calls = 0;

    /** `access` chooses the credentials (assumeRole, profile; default chain when neither). */
    constructor(
        readonly region: string,
        private readonly target: () => string,
        private readonly endpoint?: string,
        private readonly access: AwsAccess = {},
    ) {
        this.sdk = loadSdk();
        const requestHandler = {
            // No SDK default: a stuck connection would otherwise hold pulumi up indefinitely.
            requestTimeout: Number(process.env.CERTDEPLOY_REQUEST_TIMEOUT_MS ?? 60_000),
            connectionTimeout: 10_000,
            // HTTPS_PROXY / NO_PROXY as the Azure SDK reads them; the STS client of assumeRole shares this handler.
            ...proxyAgentsFromEnv(process.env),
        };
        const credentials = acmCredentials(access, target, { requestHandler });
        this.client = new this.sdk.ACMClient({
            region,
            endpoint,
            retryMode: "adaptive",
            maxAttempts: Number(process.env.CERTDEPLOY_AWS_MAX_ATTEMPTS ?? 5),
            requestHandler,
            ...(credentials ? { credentials } : {}),
        });
        this.client.middlewareStack.add(
            (next) => (args) => {
                this.calls++;
                return next(args);
            },
            { step: "initialize", name: "certdeployCallCounter" },
        );
    }

    apiCalls = (): number => this.calls;

    private async send<T>(operation: string, run: () => Promise<T>): Promise<T> {
        try {
            return await run();
        } catch (e) {
            // No ACM call was made: the message already says whose credentials failed and what to grant.
            if (AwsCredentialError.isInstance(e)) throw new AcmCallError(e.message, "CredentialsNotObtained");
            throw new AcmCallError(
                explainAcmError(e, operation, this.target(), principalOf(this.access)),
                awsErrorName(e),
            );
        }
    }

    describe(arn: string): Promise<CertificateDetail> {
        return this.send("DescribeCertificate", async () => {
            const out = await this.client.send(new this.sdk.DescribeCertificateCommand({ CertificateArn: arn }));
            if (!out.Certificate) throw new Error("DescribeCertificate returned no certificate");
            return out.Certificate;
        });
    }

    /**
     * Fresh import (with tags) when `arn` is undefined; re-import (no Tags key at all) otherwise.
     * `attempts` > 1 means the SDK retried: a fresh import may then have created more than one ARN.
     */
    importCertificate(
        material: PemMaterial,
        arn: string | undefined,
        tags?: Record<string, string>,
    ): Promise<{ arn: string; attempts: number }> {
        return this.send("ImportCertificate", async () => {
            // One pace per endpoint and region: fresh imports and re-imports share the account's quota.
            await importPacer.take(`${this.endpoint ?? "aws"}|${this.region}`);
            const out = await this.client.send(
                new this.sdk.ImportCertificateCommand({
                    Certificate: Buffer.from(material.certificatePem),
                    PrivateKey: Buffer.from(material.privateKeyPem),
                    ...(material.chainPem ? { CertificateChain: Buffer.from(material.chainPem) } : {}),
                    // Re-import must omit Tags entirely: even Tags: [] is refused (DESIGN.md §6).
                    ...(arn ? { CertificateArn: arn } : { Tags: toTagList(tags ?? {}) }),
                }),
            );
            if (!out.CertificateArn) throw new Error("ImportCertificate returned no ARN");
            return { arn: out.CertificateArn, attempts: out.$metadata.attempts ?? 1 };
        });
    }

    addTags(arn: string, tags: Record<string, string>): Promise<void> {
        return this.send("AddTagsToCertificate", async () => {
            await this.client.send(
                new this.sdk.AddTagsToCertificateCommand({ CertificateArn: arn, Tags: toTagList(tags) }),
            );
        });
    }

    removeTags(arn: string, keys: string[]): Promise<void> {
        if (keys.length === 0) return Promise.resolve();
        return this.send("RemoveTagsFromCertificate", async () => {
            await this.client.send(
                new this.sdk.RemoveTagsFromCertificateCommand({
                    CertificateArn: arn,
                    Tags: keys.map((Key) => ({ Key })),
                }),
            );
        });
    }

    listTags(arn: string): Promise<Record<string, string>> {
        return this.send("ListTagsForCertificate", async () => {
            const out = await this.client.send(new this.sdk.ListTagsForCertificateCommand({ CertificateArn: arn }));
            return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
        });
    }

    getCertificate(arn: string): Promise<{ certificatePem: string; chainPem?: string }> {
        return this.send("GetCertificate", async () => {
            const out = await this.client.send(new this.sdk.GetCertificateCommand({ CertificateArn: arn }));
            return { certificatePem: out.Certificate ?? "", chainPem: out.CertificateChain };
        });
    }

    deleteCertificate(arn: string): Promise<void> {
        return this.send("DeleteCertificate", async () => {
            await this.client.send(new this.sdk.DeleteCertificateCommand({ CertificateArn: arn }));
        });
    }

    /** Imported certificates whose domain name matches, across every key type. */
    async listImported(domainName: string): Promise<string[]> {
        const arns: string[] = [];
        let next: string | undefined;
        do {
            const page = await this.send("ListCertificates", () =>
                this.client.send(
                    new this.sdk.ListCertificatesCommand({
                        NextToken: next,
                        MaxItems: 100,
                        Includes: { keyTypes: [...ALL_KEY_TYPES] },
                    }),
                ),
            );
            for (const s of page.CertificateSummaryList ?? []) {
                if (s.CertificateArn && s.DomainName === domainName && (s.Type === undefined || s.Type === "IMPORTED"))
                    arns.push(s.CertificateArn);
            }
            next = page.NextToken;
        } while (next);
        return arns;
    }
}

export class AcmCallError extends CertdeployError {
    constructor(
        message: string,
        readonly awsName: string,
    ) {
        super(message);
    }
}

const toTagList = (tags: Record<string, string>): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
