import type { JsonObject } from "../input";
import type { KeyAlgorithmStyle } from "../material/key-algorithm";
import type { CertificateStore } from "../store";

/** What a handler may use: the store, the caller's region, the clock and the switches faults set. */
export interface OperationContext {
    store: CertificateStore;
    region: string;
    now: Date;
    keyAlgorithmStyle: KeyAlgorithmStyle;
    dropTagsOnReimport: boolean;
    maxImportedCertificates: number;
    /** Set by an `ackNotApplied` fault: ImportCertificate validates and answers but stores nothing. */
    discardImport: boolean;
    /** Set by a `staleDescribe` / `staleGet` fault: DescribeCertificate / GetCertificate shows the version before the live one. */
    staleRead: boolean;
    /** CA certificates GetCertificate appends to every imported chain (moto's Amazon root), PEM. */
    trailingChainPem?: string;
}

export interface OperationResult {
    output: JsonObject;
    /** The ARN the call concerned, for the call log (a fresh import's new ARN). */
    arn?: string;
}

export type OperationHandler = (input: JsonObject, context: OperationContext) => OperationResult;
