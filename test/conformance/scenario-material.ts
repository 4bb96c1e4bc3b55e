import { createTestAuthority, createTestCertificate, ExtendedKeyUsage, type TestCertificate } from "../../testing/pki";
import { encryptedPem } from "../../testing/pki";

const DAY = 24 * 3600_000;

/** Certificates generated once per run and sent to both targets, so serials compare exactly. */
export interface ScenarioMaterial {
    /** RSA 2048, issued by the scenario CA, two names. */
    first: TestCertificate;
    /** Its successor: same key type, same CA. */
    second: TestCertificate;
    /** EC P-256, self-signed. */
    ecLeaf: TestCertificate;
    /** RSA 2048 with ClientAuth as its only EKU (ServerAuth removed). */
    clientAuthOnly: TestCertificate;
    expired: TestCertificate;
    /** RSA 1536: a size ACM does not accept. */
    rsa1536: TestCertificate;
    /** A key that matches none of the certificates above. */
    otherKeyPem: string;
    /** `first`'s key, encrypted with a passphrase. */
    encryptedKeyPem: string;
    /** The chain of a CA that did not issue `first`. */
    strangerChainPem: string;
}

export async function createScenarioMaterial(): Promise<ScenarioMaterial> {
    const issuer = await createTestAuthority("Conformance CA");
    const stranger = await createTestAuthority("Stranger CA");
    // `first` and `second` share their validity to the second: one step compares moto's `first` with the emulator's
    // `second`, and two clocks read a second apart once made NotAfter differ (CI, 2026-12-01).
    const validFrom = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
    const validity = { notBefore: validFrom, notAfter: new Date(validFrom.getTime() + 30 * DAY) };
    const names = {
        commonName: "www.example.com",
        subjectAltNames: ["www.example.com", "api.example.com"],
        ...validity,
    };
    const first = await createTestCertificate({ ...names, issuer });
    const other = await createTestCertificate({ keyType: "RSA_1024" });
    return {
        first,
        second: await createTestCertificate({ ...names, issuer }),
        ecLeaf: await createTestCertificate({ keyType: "EC_prime256v1", commonName: "ec.example.com" }),
        clientAuthOnly: await createTestCertificate({
            ...names,
            issuer,
            extendedKeyUsages: [ExtendedKeyUsage.clientAuth],
        }),
        expired: await createTestCertificate({
            notBefore: new Date(Date.now() - 10 * DAY),
            notAfter: new Date(Date.now() - DAY),
        }),
        rsa1536: await createTestCertificate({ keyType: "RSA_1536", commonName: "small.example.com" }),
        otherKeyPem: other.privateKeyPem,
        encryptedKeyPem: encryptedPem(first.key),
        strangerChainPem: stranger.chainPem,
    };
}
