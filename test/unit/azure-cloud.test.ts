/** The sign-in authority follows the vault URL's cloud; an explicit AZURE_AUTHORITY_HOST wins and a mismatch is warned about. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { authorityHostFor, cloudOfVaultUrl } from "../../provider/keyvault/cloud";
import { checkAuthorityHost } from "../../provider/keyvault/inputs";

describe("Azure cloud of a vault URL", () => {
    it("maps each vault suffix to its cloud's authority, case-insensitively, and leaves other hosts to the library", () => {
        const rows: [string, string | undefined][] = [
            ["https://prod.vault.azure.net", "https://login.microsoftonline.com"],
            ["https://Ops-Gov.VAULT.usgovcloudapi.net/", "https://login.microsoftonline.us"],
            ["https://ops-cn.vault.azure.cn:443", "https://login.chinacloudapi.cn"],
            ["https://127.0.0.1:8443", undefined],
            ["https://vault.azure.net.example.com", undefined],
            ["not a url", undefined],
        ];
        for (const [url, authority] of rows) assert.equal(authorityHostFor(url, {}), authority, url);
        assert.equal(cloudOfVaultUrl("https://x.vault.usgovcloudapi.net"), "AzureUSGovernment");
    });

    it("gives way to an explicit AZURE_AUTHORITY_HOST (the identity library reads it itself)", () => {
        assert.equal(
            authorityHostFor("https://ops.vault.usgovcloudapi.net", {
                AZURE_AUTHORITY_HOST: "https://login.example.test",
            }),
            undefined,
        );
    });

    it("warns when AZURE_AUTHORITY_HOST is another known cloud's authority, and only then", () => {
        const gov = "https://ops.vault.usgovcloudapi.net";
        const [problem, ...rest] = checkAuthorityHost(gov, {
            AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com/",
        });
        assert.equal(rest.length, 0);
        assert.equal(problem.severity, "warning");
        assert.equal(problem.property, "vaultUrl");
        assert.match(problem.reason, /AzureUSGovernment.*AzurePublicCloud.*https:\/\/login\.microsoftonline\.us/);
        assert.deepEqual(checkAuthorityHost(gov, { AZURE_AUTHORITY_HOST: "https://login.microsoftonline.us" }), []);
        assert.deepEqual(checkAuthorityHost(gov, { AZURE_AUTHORITY_HOST: "https://login.private.test" }), []);
        assert.deepEqual(checkAuthorityHost(gov, {}), []);
        assert.deepEqual(
            checkAuthorityHost("https://127.0.0.1:8443", { AZURE_AUTHORITY_HOST: "https://login.microsoftonline.us" }),
            [],
        );
    });
});
