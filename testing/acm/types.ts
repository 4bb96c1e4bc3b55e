import type { RequestListener } from "node:http";
import type { AcmOperation } from "./operations";
import type { AcmKeyAlgorithm, KeyAlgorithmStyle } from "./material/key-algorithm";
import type { CertificateType } from "./store";

export type { AcmOperation } from "./operations";
export type { AcmKeyAlgorithm, KeyAlgorithmStyle } from "./material/key-algorithm";
export type { CertificateType } from "./store";

export interface AcmEmulatorOptions {
    /** Account in ARNs and access-denied messages. Default "123456789012". */
    accountId?: string;
    /** Port on 127.0.0.1. Default 0 (a free port). */
    port?: number;
    /** Delay added to every answer, in ms. Default 0. */
    latencyMs?: number;
    /** KeyAlgorithm form in DescribeCertificate/ListCertificates. Default "enum" (`RSA_2048`). */
    keyAlgorithmStyle?: KeyAlgorithmStyle;
    /** Empty a certificate's tags on re-import (moto does; whether ACM does is undocumented). Default false. */
    dropTagsOnReimport?: boolean;
    /** Imported certificates per region before LimitExceededException. Default 2500 (acm-limits.html). */
    maxImportedCertificates?: number;
    /** Apply the documented per-operation rates from the start. Default false (tests stay fast). */
    documentedRateLimits?: boolean;
    /** CA certificates (PEM) GetCertificate appends to every chain, as moto appends an Amazon root. Default none. */
    trailingChainPem?: string;
    /** The emulator's clock: validity checks, ImportedAt, EXPIRED status. Default: the real clock. */
    clock?: () => Date;
}

/**
 * staleDescribe / staleGet: DescribeCertificate / GetCertificate answers with the version imported before the
 * live one (a read served before the last write propagated), for `times` calls.
 */
export type FaultKind =
    "throttle" | "internal" | "latency" | "reset" | "accessDenied" | "ackNotApplied" | "staleDescribe" | "staleGet";

export interface FaultSpec {
    /** The operation the fault hits; "*" hits any operation (not for ackNotApplied / staleDescribe). */
    operation: AcmOperation | "*";
    kind: FaultKind;
    /** How many calls it hits once armed. Default 1; Infinity for every call until cleared. */
    times?: number;
    /** Matching calls to let through first, counted from injection: 1 makes the second call fail. Default 0. */
    afterCalls?: number;
    /** `latency` only: delay added to each hit call, in ms. Default 1000. */
    latencyMs?: number;
    /** `reset` and `internal` only: carry the operation out, then lose the answer. Default false. */
    applied?: boolean;
}

export interface FaultHandle {
    /** Calls this fault has hit so far. */
    readonly hits: number;
    /** True once it has hit `times` calls. */
    readonly exhausted: boolean;
    remove(): void;
}

/** One request as the emulator saw it; never carries key material. */
export interface CallRecord {
    seq: number;
    operation: string;
    region: string;
    /** The CertificateArn of the request, or the ARN a fresh import created. */
    arn?: string;
    /** "ok", the exception name answered, or "reset" when the socket was destroyed. */
    outcome: string;
    /** The injected fault that shaped this call, if any. */
    fault?: FaultKind;
    /** Access key id the call was signed with (SigV4 credential scope). */
    accessKeyId?: string;
    /** Host header the call arrived with (the endpoint name a client used, e.g. through a proxy). */
    host?: string;
    at: Date;
}

export interface CallSummary {
    /** Requests received per operation, whatever their outcome. */
    counts: Record<AcmOperation, number>;
    log: readonly CallRecord[];
}

/** The live state of one certificate. */
export interface CertificateSnapshot {
    arn: string;
    region: string;
    type: CertificateType;
    /** ACM form: lowercase colon-separated hex. */
    serial: string;
    /** Serial of every version imported under this ARN, oldest first; the last is live. */
    serialHistory: string[];
    certificatePem: string;
    chainPem: string | undefined;
    keyAlgorithm: AcmKeyAlgorithm;
    /** SHA-256 (hex) of the live private key's public key (SPKI DER): which key is live. Undefined for AMAZON_ISSUED. */
    keySpkiSha256: string | undefined;
    domainName: string | undefined;
    subjectAlternativeNames: string[];
    notBefore: Date;
    notAfter: Date;
    /** Tag key to value; a tag set without a value maps to "". */
    tags: Record<string, string>;
    inUseBy: string[];
    /** When the live version was imported. */
    importedAt: Date;
    /** ImportCertificate calls (fresh and re-imports, out-of-band included) that changed this ARN. */
    importCount: number;
}

export interface AcmEmulator {
    /** `http://127.0.0.1:<port>`, for `new ACMClient({ endpoint })`. */
    readonly endpoint: string;
    readonly accountId: string;
    /** The request handler, for mounting behind the CONNECT proxy as `acm.<region>.amazonaws.com`. */
    readonly handler: RequestListener;
    close(): Promise<void>;
    setInUseBy(arn: string, inUseBy: readonly string[]): void;
    injectFault(spec: FaultSpec): FaultHandle;
    clearFaults(): void;
    setLatency(ms: number): void;
    /** Token bucket per operation (burst = rate); `undefined` or 0 turns the limit off. */
    setRateLimit(operation: AcmOperation, perSecond: number | undefined): void;
    /** ImportCertificate 1/s, DescribeCertificate 10/s, AddTagsToCertificate 5/s, ListCertificates 8/s. */
    useDocumentedRateLimits(): void;
    setKeyAlgorithmStyle(style: KeyAlgorithmStyle): void;
    calls(): CallSummary;
    resetCalls(): void;
    certificates(): ReadonlyMap<string, CertificateSnapshot>;
    /** Someone re-imports outside Pulumi: ACM's re-import rules apply (throws AcmServiceError); no call is logged. */
    putOutOfBand(arn: string, certificatePem: string, privateKeyPem: string, chainPem?: string): void;
    /** Adds an AMAZON_ISSUED certificate (no key) and returns its ARN: re-importing onto it is refused. */
    seedAmazonIssued(certificatePem: string, region?: string): string;
}
