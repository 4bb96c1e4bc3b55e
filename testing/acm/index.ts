import { CertificateStore } from "./store";
import { FaultInjector } from "./faults";
import { RateLimiter } from "./rate-limit";
import { CallLog } from "../call-log";
import { createListener, listenOnLoopback, type EmulatorParts } from "./server";
import { ACM_OPERATIONS } from "./operations";
import { RunningAcmEmulator } from "./emulator";
import type { AcmEmulator, AcmEmulatorOptions, AcmOperation, CallRecord } from "./types";

export type {
    AcmEmulator,
    AcmEmulatorOptions,
    AcmKeyAlgorithm,
    AcmOperation,
    CallRecord,
    CallSummary,
    CertificateSnapshot,
    CertificateType,
    FaultHandle,
    FaultKind,
    FaultSpec,
    KeyAlgorithmStyle,
} from "./types";
export { AcmServiceError, type AcmExceptionName } from "./service-error";
export { ACM_OPERATIONS, DOCUMENTED_RATE_LIMITS } from "./operations";
export { ACM_KEY_ALGORITHMS } from "./material/key-algorithm";

export const DEFAULT_ACCOUNT_ID = "123456789012";

/**
 * Starts an ACM emulator on 127.0.0.1 speaking AWS JSON 1.1, for `new ACMClient({ endpoint })`.
 * The caller closes it (`await emulator.close()`).
 */
export async function startAcmEmulator(options: AcmEmulatorOptions = {}): Promise<AcmEmulator> {
    const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    const parts: EmulatorParts = {
        store: new CertificateStore(accountId),
        faults: new FaultInjector(),
        rateLimiter: new RateLimiter(),
        callLog: new CallLog<AcmOperation, CallRecord>(ACM_OPERATIONS, () => new Date()),
        settings: {
            accountId,
            latencyMs: options.latencyMs ?? 0,
            keyAlgorithmStyle: options.keyAlgorithmStyle ?? "enum",
            dropTagsOnReimport: options.dropTagsOnReimport ?? false,
            trailingChainPem: options.trailingChainPem,
            maxImportedCertificates: options.maxImportedCertificates ?? 2500,
            clock: options.clock ?? (() => new Date()),
        },
    };
    const handler = createListener(parts);
    const server = await listenOnLoopback(parts, options.port ?? 0, handler);
    const emulator = new RunningAcmEmulator(server, parts, handler);
    if (options.documentedRateLimits === true) emulator.useDocumentedRateLimits();
    return emulator;
}
