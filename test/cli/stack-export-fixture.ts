/**
 * A `pulumi stack export` document built in the test, shaped as the CLI reads it:
 * certdeploy resources with secret envelopes (ciphertext and --show-secrets
 * plaintext), plus resources the report must skip.
 */
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const DAY = 86_400_000;
const ACM_TYPE = "pulumi-nodejs:dynamic/certdeploy:AcmCertificate";
const KV_TYPE = "pulumi-nodejs:dynamic/certdeploy:KeyVaultCertificate";
const urn = (type: string, name: string): string => `urn:pulumi:prod::shop::${type}::${name}`;

export interface ExportMaterial {
    certificatePem: string;
    keyPem: string;
    /** Stands in for a secrets provider's ciphertext of the key. */
    ciphertext: string;
}

export const EXPORT_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/9f1e2d3c-0000-4000-8000-000000000001";
export const EXPORT_VAULT = "https://prod-vault.vault.azure.net";

export function stackExport(m: ExportMaterial, now: Date = new Date()): unknown {
    const iso = (days: number): string => new Date(now.getTime() + days * DAY).toISOString();
    const deployment = (result: string): unknown => ({
        attemptedAt: iso(-1),
        result,
        previousSerial: "",
        serial: "01:02",
        steps: [],
        apiCalls: 3,
    });
    return {
        version: 3,
        deployment: {
            manifest: { time: iso(0), magic: "x", version: "v3.248.0" },
            secrets_providers: { type: "passphrase", state: { salt: "v1:abc" } },
            resources: [
                {
                    urn: "urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod",
                    custom: false,
                    type: "pulumi:pulumi:Stack",
                },
                {
                    urn: urn(ACM_TYPE, "api"),
                    custom: true,
                    id: EXPORT_ARN,
                    type: ACM_TYPE,
                    inputs: {
                        region: "us-east-1",
                        certificatePem: m.certificatePem,
                        privateKeyPem: { ...SECRET_SIG, ciphertext: m.ciphertext },
                    },
                    outputs: {
                        __provider: "exports.handler = __f0;",
                        region: "us-east-1",
                        certificatePem: m.certificatePem,
                        privateKeyPem: { ...SECRET_SIG, ciphertext: m.ciphertext },
                        arn: EXPORT_ARN,
                        serial: "0a:1b:2c:3d",
                        notAfter: iso(80.5),
                        lastDeployment: deployment("succeeded"),
                    },
                },
                {
                    urn: urn(KV_TYPE, "api-agw"),
                    custom: true,
                    id: `${EXPORT_VAULT}/certificates/api-prod`,
                    type: KV_TYPE,
                    inputs: {
                        vaultUrl: EXPORT_VAULT,
                        certificateName: "api-prod",
                        privateKeyPem: { ...SECRET_SIG, plaintext: JSON.stringify(m.keyPem) },
                    },
                    outputs: {
                        vaultUrl: EXPORT_VAULT,
                        certificateName: "api-prod",
                        certificatePem: m.certificatePem,
                        privateKeyPem: { ...SECRET_SIG, plaintext: JSON.stringify(m.keyPem) },
                        versionlessId: `${EXPORT_VAULT}/certificates/api-prod`,
                        serial: "0e:0f",
                        notAfter: iso(10.5),
                        lastDeployment: deployment("rolled_back"),
                    },
                },
                {
                    // A name with a comma and quotes (CSV quoting), a secret serial, a secret lastDeployment, no versionlessId (built from inputs).
                    urn: urn(KV_TYPE, 'edge, "eu"'),
                    custom: true,
                    id: "edge",
                    type: KV_TYPE,
                    inputs: { vaultUrl: EXPORT_VAULT, certificateName: "edge-eu" },
                    outputs: {
                        vaultUrl: EXPORT_VAULT,
                        certificateName: "edge-eu",
                        serial: { ...SECRET_SIG, ciphertext: m.ciphertext },
                        notAfter: iso(200.5),
                        lastDeployment: { ...SECRET_SIG, ciphertext: m.ciphertext },
                    },
                },
                {
                    urn: urn(ACM_TYPE, "old-api"),
                    custom: true,
                    id: "arn:aws:acm:us-east-1:123456789012:certificate/9f1e2d3c-0000-4000-8000-000000000000",
                    type: ACM_TYPE,
                    delete: true,
                    outputs: {
                        arn: "arn:aws:acm:us-east-1:123456789012:certificate/9f1e2d3c-0000-4000-8000-000000000000",
                        serial: "77",
                        notAfter: iso(-2.5),
                        lastDeployment: deployment("succeeded"),
                    },
                },
                {
                    urn: "urn:pulumi:prod::shop::aws:lb/listener:Listener::https",
                    custom: true,
                    id: "listener",
                    type: "aws:lb/listener:Listener",
                    outputs: { certificateArn: EXPORT_ARN },
                },
            ],
        },
    };
}
