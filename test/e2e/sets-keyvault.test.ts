/**
 * KeyVaultCertificateSet end to end through the harness engine: two vaults of
 * the emulator world (https://<vault>.vault.azure.net through the loopback
 * CONNECT proxy), the real SDK component, one real KeyVaultCertificate child
 * per vault. Every test reads the versions each vault holds afterwards.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { declare, keyVaultCertificateSet, output, type Args, certificateInputs } from "../programs/spec";
import { startAzureWorld, type AzureWorld } from "../../testing/keyvault/world";
import { hierarchy, type Hierarchy } from "../../testing/pki";
import { chainDigestOf, keyVaultLive, pemIdentity } from "./live-identity";
import { TestStack } from "./stack";

const NAME = "api-prod";
const WEU = "prod-weu";
const NEU = "prod-neu";
const SET_TYPE = "certdeploy:index:KeyVaultCertificateSet";
const CHILD_TYPE = "pulumi-nodejs:dynamic/certdeploy:KeyVaultCertificate";
const childUrn = (vault: string) => `urn:pulumi:dev::certdeploy-e2e::${SET_TYPE}$${CHILD_TYPE}::agw-${vault}`;

describe("KeyVaultCertificateSet through the harness engine", () => {
    let world: AzureWorld;
    let v1: Hierarchy;
    let stack: TestStack;

    before(async () => {
        v1 = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
    });
    beforeEach(async () => {
        world = await startAzureWorld({ vaults: [WEU, NEU] });
        stack = new TestStack(world.env("managed_identity"));
    });
    afterEach(async () => {
        await world.close();
        stack.cleanup();
    });

    const setArgs = (vaultUrls: string[], extra: Args = {}): Args => ({
        vaultUrls,
        certificateName: NAME,
        ...certificateInputs(v1),
        tags: { env: "production" },
        credentialMode: "managed_identity",
        ...extra,
    });
    const callsOf = (vault: string) =>
        world
            .keyVaultFor(vault)
            .calls()
            .log.filter((c) => !c.challenged);

    it("two vaults, canary first: versionlessSecretIds maps each vault URL as given to its id, and v1 is live in both", async () => {
        // The second vault is written with a trailing slash: the output map is keyed by the URL as given.
        const neuAsGiven = `${world.vault(NEU)}/`;
        const result = await stack.up(
            declare(
                [
                    keyVaultCertificateSet(
                        "agw",
                        setArgs([world.vault(WEU), neuAsGiven], { canaryVaultUrl: neuAsGiven }),
                    ),
                ],
                {
                    ids: output("agw", "versionlessSecretIds"),
                },
            ),
        );
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.deepEqual(stack.outputs("agw").versionlessSecretIds, {
            [world.vault(WEU)]: `${world.vault(WEU)}/secrets/${NAME}`,
            [neuAsGiven]: `${world.vault(NEU)}/secrets/${NAME}`,
        });
        for (const vault of [WEU, NEU]) {
            const versions = world.keyVaultFor(vault).versions(NAME);
            assert.equal(versions.length, 1, `one version in ${vault}`);
            assert.deepEqual(
                keyVaultLive(versions[0]),
                pemIdentity(v1.leaf.certPem, v1.chainPem),
                `${vault}: v1's leaf and chain are live`,
            );
            assert.deepEqual(versions[0].tags, {
                env: "production",
                "certdeploy-managed-by": "certdeploy",
                "certdeploy-certificate-id": `certdeploy-e2e/dev/agw-${vault}`,
                "certdeploy-chain-sha256": chainDigestOf(v1.chainPem),
                "certdeploy-claim": String(stack.outputs(`agw-${vault}`).ownershipClaim),
            });
        }
        // The canary (prod-neu) finished before prod-weu saw its first call; the state records the dependency.
        const canaryDone = Math.max(...callsOf(NEU).map((c) => c.at));
        const otherFirst = Math.min(...callsOf(WEU).map((c) => c.at));
        assert.ok(otherFirst >= canaryDone, "prod-weu's first call comes after the canary's last");
        assert.deepEqual(stack.resource(`agw-${WEU}`).dependencies, [childUrn(NEU)]);
        assert.equal(result.steps.filter((s) => s.op === "create" && s.type === CHILD_TYPE)[0]?.urn, childUrn(NEU));
    });

    it("a canary whose import fails stops the other vault before it is called at all", async () => {
        world.keyVaultFor(WEU).injectFault({ operation: "import", kind: "forbidden", times: Infinity });
        const result = await stack.up(
            declare([keyVaultCertificateSet("agw", setArgs([world.vault(WEU), world.vault(NEU)]))]),
        );
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /agw-prod-weu/);
        assert.deepEqual(world.keyVaultFor(WEU).versions(NAME), [], "the canary left no version");
        assert.deepEqual(callsOf(NEU), [], "no call reached the other vault");
        assert.deepEqual(world.keyVaultFor(NEU).versions(NAME), []);
        assert.equal(
            stack.customResources().some((r) => r.urn === childUrn(NEU)),
            false,
        );
    });

    it("two spellings of one vault, two vaults with one first label, and a canary outside the list fail preview clearly", async () => {
        const cases: [string[], Args, RegExp][] = [
            [
                ["https://prod-weu.vault.azure.net", "https://PROD-WEU.vault.azure.net:443/"],
                {},
                /KeyVaultCertificateSet "agw": vaultUrls lists "https:\/\/prod-weu.vault.azure.net" and "https:\/\/PROD-WEU.vault.azure.net:443\/", which are the same vault; list each vault once/,
            ],
            [
                ["https://prod.vault.azure.net", "https://prod.vault.azure.cn"],
                {},
                /KeyVaultCertificateSet "agw": vaultUrls "https:\/\/prod.vault.azure.net" and "https:\/\/prod.vault.azure.cn" would both name their certificate "agw-prod"; put them in two sets/,
            ],
            [
                ["https://prod-weu.vault.azure.net"],
                { canaryVaultUrl: "https://prod-neu.vault.azure.net" },
                /canaryVaultUrl "https:\/\/prod-neu.vault.azure.net" is not in vaultUrls/,
            ],
            [
                ["prod-weu"],
                {},
                /vaultUrls has "prod-weu", which is not a URL; expected https:\/\/<vault-name>.vault.azure.net/,
            ],
        ];
        for (const [urls, extra, message] of cases) {
            const result = await stack.preview(declare([keyVaultCertificateSet("agw", setArgs(urls, extra))]));
            assert.equal(result.ok, false);
            assert.match(result.errors.join("\n"), message);
            assert.deepEqual(result.steps, [], "nothing was registered");
        }
        assert.deepEqual([...callsOf(WEU), ...callsOf(NEU)], []);
    });
});
