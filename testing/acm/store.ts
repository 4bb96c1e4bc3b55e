import { certificateNotFound } from "./service-error";
import { makeCertificateArn } from "./arn";
import type { ImportedMaterial } from "./material/import-material";

export type CertificateType = "IMPORTED" | "AMAZON_ISSUED";

/** One import of a certificate under an ARN; the last one is live. */
export interface CertificateVersion {
    material: ImportedMaterial;
    importedAt: Date;
}

export interface StoredCertificate {
    readonly arn: string;
    readonly region: string;
    /** Creation order, used as the ListCertificates page cursor. */
    readonly seq: number;
    readonly type: CertificateType;
    readonly createdAt: Date;
    versions: CertificateVersion[];
    tags: Map<string, string | undefined>;
    inUseBy: string[];
    importCount: number;
}

export function liveVersion(certificate: StoredCertificate): CertificateVersion {
    const version = certificate.versions[certificate.versions.length - 1];
    if (version === undefined) throw new Error(`certificate ${certificate.arn} has no version`);
    return version;
}

/** The certificates of one emulated account, across regions, keyed by ARN. */
export class CertificateStore {
    private readonly byArn = new Map<string, StoredCertificate>();
    private nextSeq = 1;

    constructor(readonly accountId: string) {}

    newArn(region: string): string {
        return makeCertificateArn(region, this.accountId);
    }

    get(arn: string): StoredCertificate | undefined {
        return this.byArn.get(arn);
    }

    /** The certificate as the regional endpoint `region` sees it: another region's ARN is not found. */
    require(arn: string, region: string): StoredCertificate {
        const certificate = this.byArn.get(arn);
        if (certificate === undefined || certificate.region !== region) throw certificateNotFound(arn);
        return certificate;
    }

    add(arn: string, region: string, type: CertificateType, version: CertificateVersion): StoredCertificate {
        const certificate: StoredCertificate = {
            arn,
            region,
            seq: this.nextSeq++,
            type,
            createdAt: version.importedAt,
            versions: [version],
            tags: new Map(),
            inUseBy: [],
            importCount: type === "IMPORTED" ? 1 : 0,
        };
        this.byArn.set(arn, certificate);
        return certificate;
    }

    /** A re-import: the new version becomes live; the ARN, its associations and (unless told) its tags stay. */
    reimport(certificate: StoredCertificate, version: CertificateVersion, dropTags: boolean): void {
        certificate.versions.push(version);
        certificate.importCount += 1;
        if (dropTags) certificate.tags = new Map();
    }

    delete(arn: string): void {
        this.byArn.delete(arn);
    }

    inRegion(region: string): StoredCertificate[] {
        return this.all().filter((certificate) => certificate.region === region);
    }

    all(): StoredCertificate[] {
        return [...this.byArn.values()];
    }
}
