/** States written by earlier releases stay readable: outputs without stateVersion (0.1.0 before versioning) are migrated. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { migrateAcmState } from "../../provider/acm/state";
import { migrateKeyVaultState } from "../../provider/keyvault/state";

describe("state migration", () => {
    it("brings an unversioned ACM state to the current layout, normalising a hyphenated key algorithm", () => {
        const migrated = migrateAcmState({
            __provider: "exports.handler = …",
            region: "us-east-1",
            arn: "arn:aws:acm:us-east-1:123456789012:certificate/x",
            keyAlgorithm: "RSA-2048",
            serial: "0a:1b",
        });
        assert.equal(migrated.stateVersion, 1);
        assert.equal(migrated.keyAlgorithm, "RSA_2048");
        assert.equal(
            "__provider" in migrated,
            false,
            "the provider string is the host's, not part of the state layout",
        );
    });

    it("brings an unversioned Key Vault state to the current layout with an uppercase thumbprint", () => {
        const migrated = migrateKeyVaultState({
            vaultUrl: "https://v.vault.azure.net",
            certificateName: "n",
            thumbprint: "ab12",
        });
        assert.equal(migrated.stateVersion, 1);
        assert.equal(migrated.thumbprint, "AB12");
    });
});
