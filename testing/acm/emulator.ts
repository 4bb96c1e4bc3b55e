import type { RequestListener, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DOCUMENTED_RATE_LIMITS, type AcmOperation } from "./operations";
import { certificateNotFound } from "./service-error";
import { checkCertificateArn } from "./arn";
import { DEFAULT_REGION } from "./wire";
import { materialFromCertificate } from "./material/import-material";
import { reimportInto } from "./handlers/import-certificate";
import { liveVersion, type StoredCertificate } from "./store";
import type { EmulatorParts } from "./server";
import type { AcmEmulator, CallSummary, CertificateSnapshot, FaultHandle, FaultSpec, KeyAlgorithmStyle } from "./types";

function snapshotOf(certificate: StoredCertificate): CertificateSnapshot {
    const live = liveVersion(certificate);
    const { facts, certificatePem, chainPem, keyAlgorithm } = live.material;
    return {
        arn: certificate.arn,
        region: certificate.region,
        type: certificate.type,
        serial: facts.serial,
        serialHistory: certificate.versions.map((version) => version.material.facts.serial),
        certificatePem,
        chainPem,
        keyAlgorithm,
        keySpkiSha256: live.material.keySpkiSha256,
        domainName: facts.domainName,
        subjectAlternativeNames: [...facts.subjectAlternativeNames],
        notBefore: facts.notBefore,
        notAfter: facts.notAfter,
        tags: Object.fromEntries([...certificate.tags].map(([key, value]) => [key, value ?? ""])),
        inUseBy: [...certificate.inUseBy],
        importedAt: live.importedAt,
        importCount: certificate.importCount,
    };
}

/** The in-process control surface over a running emulator. */
export class RunningAcmEmulator implements AcmEmulator {
    readonly endpoint: string;
    readonly accountId: string;

    constructor(
        private readonly server: Server,
        private readonly parts: EmulatorParts,
        readonly handler: RequestListener,
    ) {
        const { port } = server.address() as AddressInfo;
        this.endpoint = `http://127.0.0.1:${port}`;
        this.accountId = parts.settings.accountId;
    }

    async close(): Promise<void> {
        await new Promise<void>((resolve) => {
            this.server.close(() => resolve());
            this.server.closeAllConnections();
        });
    }

    setInUseBy(arn: string, inUseBy: readonly string[]): void {
        const certificate = this.parts.store.get(arn);
        if (certificate === undefined) throw certificateNotFound(arn);
        certificate.inUseBy = [...inUseBy];
    }

    injectFault(spec: FaultSpec): FaultHandle {
        return this.parts.faults.inject(spec);
    }

    clearFaults(): void {
        this.parts.faults.clear();
    }

    setLatency(ms: number): void {
        this.parts.settings.latencyMs = Math.max(0, ms);
    }

    setRateLimit(operation: AcmOperation, perSecond: number | undefined): void {
        this.parts.rateLimiter.set(operation, perSecond, Date.now());
    }

    useDocumentedRateLimits(): void {
        for (const [operation, perSecond] of Object.entries(DOCUMENTED_RATE_LIMITS)) {
            this.setRateLimit(operation as AcmOperation, perSecond);
        }
    }

    setKeyAlgorithmStyle(style: KeyAlgorithmStyle): void {
        this.parts.settings.keyAlgorithmStyle = style;
    }

    calls(): CallSummary {
        return { counts: this.parts.callLog.countsByOperation(), log: this.parts.callLog.entries() };
    }

    resetCalls(): void {
        this.parts.callLog.reset();
    }

    certificates(): ReadonlyMap<string, CertificateSnapshot> {
        return new Map(this.parts.store.all().map((certificate) => [certificate.arn, snapshotOf(certificate)]));
    }

    putOutOfBand(arn: string, certificatePem: string, privateKeyPem: string, chainPem?: string): void {
        const { store, settings } = this.parts;
        const certificate = store.get(arn);
        if (certificate === undefined) throw certificateNotFound(arn);
        const request = {
            certificate: Buffer.from(certificatePem, "utf8"),
            privateKey: Buffer.from(privateKeyPem, "utf8"),
            chain: chainPem === undefined ? undefined : Buffer.from(chainPem, "utf8"),
        };
        reimportInto(store, certificate, request, settings.clock(), {
            dropTags: settings.dropTagsOnReimport,
            discard: false,
        });
    }

    seedAmazonIssued(certificatePem: string, region: string = DEFAULT_REGION): string {
        const { store, settings } = this.parts;
        const arn = store.newArn(region);
        checkCertificateArn(arn);
        store.add(arn, region, "AMAZON_ISSUED", {
            material: materialFromCertificate(certificatePem),
            importedAt: settings.clock(),
        });
        return arn;
    }
}
