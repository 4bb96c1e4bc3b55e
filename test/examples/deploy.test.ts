/**
 * Each example in examples/ deployed through the harness engine as `pulumi up`
 * would run it (index.ts under the real Node runtime, its config from
 * `pulumi config set`), against the ACM and Key Vault emulators: up, rotate,
 * destroy. The consumer (listener, distribution, API Gateway domain,
 * Application Gateway, Front Door secret) is a recording stand-in and must
 * receive the real ARN or version-less secret id, and keep it across the
 * rotation.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sameSerial } from "../../provider/material/serial";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { AzureWorld, startAzureWorld } from "../../testing/keyvault/world";
import { hierarchy, Hierarchy } from "../../testing/pki";
import type { StandInRecord } from "../harness/engine-providers";
import { isObject, removeSecrets, type JsonObject, type JsonValue } from "../harness/wire";
import { TestStack } from "../e2e/stack";
import { examplesUnavailable } from "./load-example";
import { exampleOutputs, exampleProgram, exampleProject } from "./run-example";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const VAULT = "examples-vault";
const VAULT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${VAULT}`;

function field(parent: JsonValue | undefined, name: string): JsonValue | undefined {
    return isObject(parent) ? parent[name] : undefined;
}

/** The one create the stand-in received for resources of `type`. */
function created(stack: TestStack, type: string): StandInRecord {
    const found = stack.engine.standIn.records.filter((r) => r.op === "create" && r.type === type);
    assert.equal(found.length, 1, `one ${type} created, found ${found.length}`);
    return found[0];
}

function updatesOf(stack: TestStack, type: string): StandInRecord[] {
    return stack.engine.standIn.records.filter((r) => r.op === "update" && r.type === type);
}

const pemConfig = (h: Hierarchy): Record<string, string> => ({
    certificatePem: h.leaf.certPem,
    privateKeyPem: h.leaf.keyPem,
    chainPem: h.chainPem,
});

describe("the examples through the harness engine: up, rotate, destroy", () => {
    let acm: AcmEmulator;
    let world: AzureWorld;
    before(async () => {
        acm = await startAcmEmulator();
        world = await startAzureWorld({ vaults: [VAULT] });
    });
    after(async () => {
        await acm.close();
        await world.close();
    });

    /** up with v1, up with v2 (the rotation), destroy; `check` runs after each of the two ups. */
    async function lifecycle(
        example: string,
        env: Record<string, string>,
        config: (h: Hierarchy) => Record<string, string>,
        leaves: [Hierarchy, Hierarchy],
        check: (stack: TestStack, phase: "created" | "rotated") => void,
    ): Promise<void> {
        const stack = new TestStack(env, exampleProject(example), "dev", { standInOutputs: exampleOutputs });
        try {
            for (const [phase, h] of [
                ["created", leaves[0]],
                ["rotated", leaves[1]],
            ] as const) {
                const result = await stack.up(exampleProgram(example, config(h), ["privateKeyPem"]));
                assert.equal(
                    result.ok,
                    true,
                    `${example} ${phase}: ${result.errors.join("\n")}\n${stack.engine.lastLogs.program.stderr.slice(-3000)}`,
                );
                check(stack, phase);
            }
            const destroyed = await stack.destroy();
            assert.equal(destroyed.ok, true, destroyed.errors.join("\n"));
            assert.deepEqual(stack.customResources(), []);
        } finally {
            stack.cleanup();
        }
    }

    /** The ACM certificate's ARN is the one the consumer got, and the leaf of `h` is live under it. */
    function acmLive(stack: TestStack, name: string, h: Hierarchy): string {
        const arn = String(stack.outputs(name).arn);
        const live = acm.certificates().get(arn);
        assert.ok(live, `${arn} is live`);
        assert.ok(sameSerial(live.serial, "colonHex", h.leaf.serial, "hex"), "the rotated leaf is live");
        return arn;
    }

    const awsEnv = (): Record<string, string> => ({ AWS_ENDPOINT_URL_ACM: acm.endpoint });

    it(
        "alb-listener: the listener gets the real ARN and keeps it",
        { skip: examplesUnavailable("@pulumi/aws") },
        async () => {
            const leaves = await Promise.all([hierarchy("www.example.com"), hierarchy("www.example.com")]);
            let arn = "";
            const config = (h: Hierarchy) => ({
                ...pemConfig(h),
                "aws:region": "eu-west-1",
                loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1",
            });
            await lifecycle("alb-listener", awsEnv(), config, leaves, (stack, phase) => {
                const live = acmLive(stack, "web", leaves[phase === "created" ? 0 : 1]);
                if (phase === "created") arn = live;
                assert.equal(live, arn, "same ARN after the rotation");
                assert.equal(created(stack, "aws:lb/listener:Listener").inputs["certificateArn"], arn);
                assert.deepEqual(
                    updatesOf(stack, "aws:lb/listener:Listener"),
                    [],
                    "the listener is not touched by the rotation",
                );
            });
        },
    );

    it(
        "cloudfront: the distribution's viewer certificate is the real us-east-1 ARN",
        { skip: examplesUnavailable("@pulumi/aws") },
        async () => {
            const leaves = await Promise.all([
                hierarchy("www.example.com", { kind: "rsa", bits: 2048 }),
                hierarchy("www.example.com", { kind: "rsa", bits: 2048 }),
            ]);
            let arn = "";
            const config = (h: Hierarchy) => ({
                ...pemConfig(h),
                "aws:region": "eu-west-1",
                aliases: JSON.stringify(["www.example.com"]),
                originDomainName: "origin.example.com",
            });
            await lifecycle("cloudfront", awsEnv(), config, leaves, (stack, phase) => {
                const live = acmLive(stack, "site", leaves[phase === "created" ? 0 : 1]);
                if (phase === "created") arn = live;
                assert.equal(live, arn);
                assert.ok(live.startsWith("arn:aws:acm:us-east-1:"), "CloudFront certificates live in us-east-1");
                const viewer = field(
                    created(stack, "aws:cloudfront/distribution:Distribution").inputs,
                    "viewerCertificate",
                );
                assert.equal(field(viewer, "acmCertificateArn"), arn);
                assert.deepEqual(updatesOf(stack, "aws:cloudfront/distribution:Distribution"), []);
            });
        },
    );

    it(
        "cloudfront-and-alb: CloudFront gets the real us-east-1 ARN, the listener the real eu-west-1 ARN; both keep them",
        { skip: examplesUnavailable("@pulumi/aws") },
        async () => {
            const leaves = await Promise.all([
                hierarchy("www.example.com", { kind: "rsa", bits: 2048 }),
                hierarchy("www.example.com", { kind: "rsa", bits: 2048 }),
            ]);
            const arns: Record<string, string> = {};
            const config = (h: Hierarchy) => ({
                ...pemConfig(h),
                "aws:region": "eu-west-1",
                aliases: JSON.stringify(["www.example.com"]),
                loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1",
                originDomainName: "web-1.eu-west-1.elb.amazonaws.com",
            });
            await lifecycle("cloudfront-and-alb", awsEnv(), config, leaves, (stack, phase) => {
                for (const region of ["us-east-1", "eu-west-1"]) {
                    const live = acmLive(stack, `web-${region}`, leaves[phase === "created" ? 0 : 1]);
                    assert.ok(live.startsWith(`arn:aws:acm:${region}:`));
                    if (phase === "created") arns[region] = live;
                    assert.equal(live, arns[region], `${region}: same ARN after the rotation`);
                }
                assert.deepEqual(stack.outputs("web").arns, arns, "the set's arns output");
                const viewer = field(
                    created(stack, "aws:cloudfront/distribution:Distribution").inputs,
                    "viewerCertificate",
                );
                assert.equal(field(viewer, "acmCertificateArn"), arns["us-east-1"]);
                assert.equal(created(stack, "aws:lb/listener:Listener").inputs["certificateArn"], arns["eu-west-1"]);
                assert.deepEqual(updatesOf(stack, "aws:cloudfront/distribution:Distribution"), []);
                assert.deepEqual(updatesOf(stack, "aws:lb/listener:Listener"), []);
            });
        },
    );

    it(
        "api-gateway: the custom domain gets the real ARN; the mapping gets the domain's real id",
        { skip: examplesUnavailable("@pulumi/aws") },
        async () => {
            const leaves = await Promise.all([hierarchy("api.example.com"), hierarchy("api.example.com")]);
            const config = (h: Hierarchy) => ({
                ...pemConfig(h),
                "aws:region": "eu-west-1",
                domainName: "api.example.com",
                apiId: "a1b2c3d4e5",
                stage: "$default",
            });
            await lifecycle("api-gateway", awsEnv(), config, leaves, (stack, phase) => {
                const arn = acmLive(stack, "api", leaves[phase === "created" ? 0 : 1]);
                const domain = created(stack, "aws:apigatewayv2/domainName:DomainName");
                assert.equal(field(domain.inputs["domainNameConfiguration"], "certificateArn"), arn);
                assert.equal(
                    created(stack, "aws:apigatewayv2/apiMapping:ApiMapping").inputs["domainName"],
                    domain.id,
                    "a real id from the engine, not a mock",
                );
                assert.deepEqual(updatesOf(stack, "aws:apigatewayv2/domainName:DomainName"), []);
            });
        },
    );

    it(
        "app-gateway: the gateway's SSL certificate is the real version-less secret id",
        { skip: examplesUnavailable("@pulumi/azure-native") },
        async () => {
            const leaves = await Promise.all([
                hierarchy("www.example.com", { kind: "rsa", bits: 2048 }),
                hierarchy("www.example.com", { kind: "rsa", bits: 2048 }),
            ]);
            const config = (h: Hierarchy) => ({
                ...pemConfig(h),
                vaultUrl: world.vault(VAULT),
                vaultResourceId: VAULT_ID,
                certificateName: "web-prod",
                resourceGroupName: "web-rg",
                location: "westeurope",
                subnetId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/web-rg/providers/Microsoft.Network/virtualNetworks/web/subnets/agw`,
                publicIpAddressId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/web-rg/providers/Microsoft.Network/publicIPAddresses/agw`,
                hostName: "www.example.com",
                backendFqdn: "app.internal.example.com",
            });
            await lifecycle("app-gateway", world.env("default"), config, leaves, (stack, phase) => {
                // The certificate and the identity are both named "agw": pick the certificate by type.
                const certificate = stack
                    .customResources()
                    .find((r) => r.type === "pulumi-nodejs:dynamic/certdeploy:KeyVaultCertificate");
                const secretId = removeSecrets(certificate?.outputs["versionlessSecretId"] ?? null);
                assert.equal(secretId, `${world.vault(VAULT)}/secrets/web-prod`);
                const versions = world.keyVaultFor(VAULT).versions("web-prod");
                assert.equal(
                    versions.length,
                    phase === "created" ? 1 : 2,
                    "the rotation adds a version behind the same id",
                );
                const gateway = created(stack, "azure-native:network:ApplicationGateway");
                const [ssl] = gateway.inputs["sslCertificates"] as JsonObject[];
                assert.equal(ssl["keyVaultSecretId"], secretId);
                const identity = created(stack, "azure-native:managedidentity:UserAssignedIdentity");
                assert.equal(
                    created(stack, "azure-native:authorization:RoleAssignment").inputs["principalId"],
                    `principal-${identity.id}`,
                    "the identity's real output",
                );
                assert.deepEqual(updatesOf(stack, "azure-native:network:ApplicationGateway"), []);
            });
        },
    );

    it(
        "front-door: the customer-certificate secret follows the real ARM secret id",
        { skip: examplesUnavailable("@pulumi/azure-native") },
        async () => {
            const leaves = await Promise.all([
                hierarchy("www.example.com", { kind: "rsa", bits: 2048 }),
                hierarchy("www.example.com", { kind: "rsa", bits: 2048 }),
            ]);
            const config = (h: Hierarchy) => ({
                ...pemConfig(h),
                vaultUrl: world.vault(VAULT),
                vaultResourceId: VAULT_ID,
                certificateName: "www-prod",
                resourceGroupName: "edge-rg",
                profileName: "edge",
                frontDoorPrincipalId: "99999999-8888-7777-6666-555555555555",
                hostName: "www.example.com",
            });
            await lifecycle("front-door", world.env("default"), config, leaves, (stack) => {
                const armId = String(stack.outputs("afd").resourceManagerVersionlessSecretId);
                assert.equal(armId, `${VAULT_ID}/secrets/www-prod`);
                const secret = created(stack, "azure-native:cdn:Secret");
                const source = field(field(secret.inputs, "parameters"), "secretSource");
                assert.equal(field(source, "id"), armId);
                const tls = field(created(stack, "azure-native:cdn:AFDCustomDomain").inputs, "tlsSettings");
                assert.equal(
                    field(field(tls, "secret"), "id"),
                    secret.id,
                    "the custom domain uses the secret's real id",
                );
                assert.deepEqual(updatesOf(stack, "azure-native:cdn:Secret"), []);
            });
        },
    );
});
