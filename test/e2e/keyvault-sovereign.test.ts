/**
 * KeyVaultCertificate in the US Government and China clouds: in every
 * credential mode the provider host's token requests go to the vault's own
 * cloud, through the real @azure/identity, against a token emulator that
 * refuses another cloud's authority for a sovereign audience (AADSTS500011, as
 * Entra ID does). What is live is read from each vault emulator.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { CredentialMode } from "../../sdk/schema-types";
import type { EnvForOptions } from "../../testing/identity/token-emulator";
import { AzureWorld, startAzureWorld } from "../../testing/keyvault/world";
import { CLOUD_ENDPOINTS, type AzureCloud } from "../../testing/tls/host-patterns";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { declare, keyVaultCertificate, certificateInputs } from "../programs/spec";
import { TestStack } from "./stack";

const GOV_VAULT = "ops-gov";
const CN_VAULT = "ops-cn";
const SOVEREIGN: [string, AzureCloud][] = [
    [GOV_VAULT, "usgov"],
    [CN_VAULT, "china"],
];
const thumbprintOf = (h: Hierarchy): string =>
    createHash("sha1").update(Buffer.from(h.leaf.cert.rawData)).digest("hex");

interface ModeCase {
    mode: CredentialMode;
    env?: EnvForOptions;
    /** The token flow the emulator must have seen. */
    flow: "client_secret" | "client_assertion" | "managed_identity";
}

const CASES: ModeCase[] = [
    { mode: "client_secret", flow: "client_secret" },
    { mode: "workload_identity", flow: "client_assertion" },
    { mode: "managed_identity", flow: "managed_identity" },
    { mode: "default", env: { defaultVia: "client_secret" }, flow: "client_secret" },
    { mode: "default", env: { defaultVia: "workload_identity" }, flow: "client_assertion" },
];

describe("KeyVaultCertificate in sovereign clouds signs in at the vault's cloud", () => {
    let world: AzureWorld;
    let cert: Hierarchy;

    before(async () => {
        world = await startAzureWorld({ vaults: SOVEREIGN.map(([name, cloud]) => ({ name, cloud })) });
        cert = await hierarchy("ops.example.us", { kind: "rsa", bits: 2048 });
    });
    after(async () => {
        await world.close();
    });

    const program = (name: string, mode: CredentialMode) =>
        declare(
            SOVEREIGN.map(([vault]) =>
                keyVaultCertificate(`${vault}-${name}`, {
                    vaultUrl: world.vault(vault),
                    certificateName: name,
                    ...certificateInputs(cert),
                    credentialMode: mode,
                }),
            ),
        );

    for (const c of CASES) {
        const label = `${c.mode}${c.env?.defaultVia ? ` (via ${c.env.defaultVia})` : ""}`;
        it(`${label}: tokens for each vault come from its cloud's authority and the certificate is live in both`, async () => {
            const name = `cert-${c.mode.replace(/_/g, "-")}-${c.env?.defaultVia?.replace(/_/g, "-") ?? "own"}`;
            const issuedBefore = world.tokens.issued().length;
            const requestsBefore = world.tokens.requests().length;
            const stack = new TestStack(world.env(c.mode, c.env));
            try {
                const result = await stack.up(program(name, c.mode));
                assert.equal(result.ok, true, result.errors.join("\n"));
                const issued = world.tokens.issued().slice(issuedBefore);
                for (const [vault, cloud] of SOVEREIGN) {
                    const endpoints = CLOUD_ENDPOINTS[cloud];
                    const live = world.keyVaultFor(vault).latest(name);
                    assert.equal(live?.x5tHex, thumbprintOf(cert), `${vault}: the deployed certificate is live`);
                    const forVault = issued.filter((t) => t.audience === endpoints.vaultResource);
                    assert.ok(forVault.length > 0, `${vault}: a token for ${endpoints.vaultResource} was issued`);
                    for (const token of forVault) {
                        assert.equal(token.flow, c.flow);
                        if (c.flow === "managed_identity")
                            assert.equal(token.host, "127.0.0.1", "managed identity asks the host's own endpoint");
                        else
                            assert.ok(
                                endpoints.loginNetworkHosts.includes(token.host),
                                `${vault}: token from ${token.host}, expected ${endpoints.loginHost}`,
                            );
                    }
                }
                const refused = world.tokens
                    .requests()
                    .slice(requestsBefore)
                    .filter((r) => r.status >= 400);
                assert.deepEqual(refused, [], "no token request was refused");
            } finally {
                stack.cleanup();
            }
        });
    }

    it("an explicit AZURE_AUTHORITY_HOST still wins: check warns, Entra refuses the public authority for a US Government vault, nothing is imported", async () => {
        const name = "explicit-authority";
        const requestsBefore = world.tokens.requests().length;
        const stack = new TestStack({
            ...world.env("client_secret"),
            AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com",
        });
        const govOnly = declare([
            keyVaultCertificate(name, {
                vaultUrl: world.vault(GOV_VAULT),
                certificateName: name,
                ...certificateInputs(cert),
                credentialMode: "client_secret",
            }),
        ]);
        try {
            const result = await stack.up(govOnly);
            assert.equal(result.ok, false);
            assert.match(result.errors.join("\n"), /AADSTS500011/);
            assert.match(
                result.errors.join("\n"),
                /no token for the vault could be obtained; check credentialMode.*AZURE_AUTHORITY_HOST/,
            );
            assert.match(stack.hostLogs(), /AZURE_AUTHORITY_HOST names the AzurePublicCloud authority/);
            assert.equal(world.keyVaultFor(GOV_VAULT).versions(name).length, 0, "nothing imported");
            const tokenRequests = world.tokens
                .requests()
                .slice(requestsBefore)
                .filter((r) => r.endpoint === "token");
            assert.ok(tokenRequests.length > 0);
            assert.ok(
                tokenRequests.every((r) => r.host === "login.microsoftonline.com" && r.status === 400),
                "every token request went to the explicit authority and was refused",
            );
        } finally {
            stack.cleanup();
        }
    });
});
