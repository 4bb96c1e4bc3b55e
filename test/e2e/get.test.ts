/**
 * `AcmCertificate.get` / `KeyVaultCertificate.get` on the dynamic path: the
 * program registers a read with the id, and the real dynamic-provider host's
 * Read (which the engine calls for it) answers from the cloud with no state.
 */
import { afterEach, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { ReadResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { ACMClient, ImportCertificateCommand } from "@aws-sdk/client-acm";
import { AcmCertificate, KeyVaultCertificate } from "../../sdk";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { AzureWorld, startAzureWorld } from "../../testing/keyvault/world";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { startProviderHost } from "../harness/host";
import { removeSecretsFromMap, toPropertyMap, type PropertyMap } from "../harness/wire";
import { ders, leafFingerprint, sha1Hex } from "../plugin/live";

interface RecordedRead {
    type: string;
    name: string;
    id: string;
    props: PropertyMap;
}

/** Runs `program` under mocks and returns the ReadResource requests it made. */
async function readsOf(program: () => void): Promise<RecordedRead[]> {
    await pulumi.runtime.setMocks(
        { newResource: (args) => ({ id: args.id ?? `${args.name}-id`, state: {} }), call: () => ({}) },
        "p",
        "dev",
        false,
    );
    const monitor = pulumi.runtime.getMonitor();
    if (!(monitor instanceof MockMonitor)) throw new Error("setMocks did not install a MockMonitor");
    const reads: RecordedRead[] = [];
    const mock: MockMonitor = monitor;
    const original = mock.readResource.bind(mock);
    mock.readResource = (req: ReadResourceRequest, callback: (err: unknown, res: unknown) => void): Promise<void> => {
        reads.push({
            type: req.getType(),
            name: req.getName(),
            id: req.getId(),
            props: toPropertyMap(req.getProperties()?.toJavaScript() ?? {}),
        });
        return original(req, callback);
    };
    program();
    await pulumi.runtime.disconnect();
    return reads;
}

describe("get(name, id) on the dynamic resources", () => {
    let v1: Hierarchy;
    let acm: AcmEmulator | undefined;
    let world: AzureWorld | undefined;

    before(async () => {
        v1 = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
    });
    afterEach(async () => {
        await acm?.close();
        await world?.close();
        acm = undefined;
        world = undefined;
    });

    it("AcmCertificate.get reads the certificate by ARN: region from the ARN, endpoint from AWS_ENDPOINT_URL_ACM", async () => {
        acm = await startAcmEmulator();
        const client = new ACMClient({
            region: "eu-west-1",
            endpoint: acm.endpoint,
            credentials: { accessKeyId: "a", secretAccessKey: "b" },
        });
        const { CertificateArn: arn } = await client.send(
            new ImportCertificateCommand({
                Certificate: Buffer.from(v1.leaf.certPem),
                PrivateKey: Buffer.from(v1.leaf.keyPem),
                CertificateChain: Buffer.from(v1.chainPem),
            }),
        );
        const [read] = await readsOf(() => {
            AcmCertificate.get("existing", arn!);
        });
        assert.equal(read.type, "pulumi-nodejs:dynamic/certdeploy:AcmCertificate");
        assert.equal(read.id, arn);
        const host = await startProviderHost({
            env: {
                AWS_ENDPOINT_URL_ACM: acm.endpoint,
                AWS_ACCESS_KEY_ID: "a",
                AWS_SECRET_ACCESS_KEY: "b",
                CERTDEPLOY_AWS_MAX_ATTEMPTS: "1",
            },
        });
        try {
            const result = await host.read(
                read.id,
                `urn:pulumi:dev::p::${read.type}::existing`,
                removeSecretsFromMap(read.props),
            );
            assert.equal(result.id, arn);
            assert.equal(result.properties.region, "eu-west-1");
            assert.equal(result.properties.fingerprintSha256, leafFingerprint(v1));
            assert.equal(result.properties.keyAlgorithm, "RSA_2048");
            assert.deepEqual(ders(result.properties.certificatePem as string), [Buffer.from(v1.leaf.cert.rawData)]);
            assert.equal(result.properties.privateKeyPem, undefined);
        } finally {
            await host.close();
        }
        assert.equal(acm.certificates().get(arn!)?.importCount, 1, "a get writes nothing");
    });

    it("KeyVaultCertificate.get reads the latest version by version-less id", async () => {
        world = await startAzureWorld({ vaults: ["prod-vault"] });
        const kv = world.keyVaultFor("prod-vault");
        kv.importOutOfBand("api-prod", { pem: v1.leaf.keyPem + v1.leaf.certPem });
        const id = "https://prod-vault.vault.azure.net/certificates/api-prod";
        const [read] = await readsOf(() => {
            KeyVaultCertificate.get("existing", id);
        });
        assert.equal(read.id, id);
        const host = await startProviderHost({ env: { ...world.env("default"), CERTDEPLOY_AZURE_MAX_RETRIES: "1" } });
        try {
            const result = await host.read(
                read.id,
                `urn:pulumi:dev::p::${read.type}::existing`,
                removeSecretsFromMap(read.props),
            );
            assert.equal(result.id, id);
            assert.equal(result.properties.versionlessSecretId, "https://prod-vault.vault.azure.net/secrets/api-prod");
            assert.equal(result.properties.version, kv.latest("api-prod")!.version);
            assert.equal(result.properties.thumbprint, sha1Hex(v1).toUpperCase());
        } finally {
            await host.close();
        }
        assert.equal(kv.versions("api-prod").length, 1);
    });
});
