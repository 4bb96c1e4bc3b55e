/**
 * Chain order and completeness (provider/material/chain.ts): each certificate is followed by its
 * issuer, the leaf is not repeated, nothing unrelated is included; a complete chain out of order is
 * answered with the right order. Certificates generated in-process; no emulator.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readCertificate, readChainCertificate } from "../../provider/material/certificate";
import { checkChain } from "../../provider/material/chain";
import { hierarchy, issue, type Hierarchy, type Issued } from "../../testing/pki";

const reasons = (leaf: Issued, chain: Issued[]): string[] =>
    checkChain(
        readCertificate(leaf.der),
        chain.map((c) => readChainCertificate(c.der)),
    ).map((p) => `${p.property} ${p.severity}: ${p.reason}`);

describe("chain order", () => {
    let h: Hierarchy;
    let other: Hierarchy;
    let second: Issued;
    let unrelated: Issued;
    before(async () => {
        [h, other] = await Promise.all([hierarchy("api.example.com"), hierarchy("other.example.com")]);
        second = await issue({ cn: "certdeploy test intermediate 2", ca: true, issuer: h.intermediate });
        unrelated = await issue({ cn: "unrelated root", ca: true, sans: [] });
    });

    it("accepts no chain, the issuer alone, and issuer then root", () => {
        assert.deepEqual(reasons(h.leaf, []), []);
        assert.deepEqual(reasons(h.leaf, [h.intermediate]), []);
        assert.deepEqual(reasons(h.leaf, [h.intermediate, h.root]), []);
    });

    it("refuses a chain that repeats the leaf", () => {
        assert.deepEqual(reasons(h.leaf, [h.leaf, h.intermediate]), [
            "chainPem error: repeats the leaf certificate; chainPem holds only the intermediates (leaf's issuer first)",
        ]);
    });

    it("gives the right order for a complete chain given root first", () => {
        assert.deepEqual(reasons(h.leaf, [h.root, h.intermediate]), [
            'chainPem error: is out of order; each certificate must be followed by its issuer. Put them in this order: "CN=certdeploy test intermediate", then "CN=certdeploy test root"',
        ]);
    });

    it("orders a three-deep chain given in any order, leaf's issuer first", async () => {
        const leaf = await issue({ cn: "deep.example.com", issuer: second });
        assert.deepEqual(reasons(leaf, [second, h.intermediate, h.root]), []);
        assert.match(
            reasons(leaf, [h.root, second, h.intermediate])[0],
            /Put them in this order: "CN=certdeploy test intermediate 2", then "CN=certdeploy test intermediate", then "CN=certdeploy test root"$/,
        );
    });

    it("names the missing issuer when the intermediate is left out", () => {
        assert.deepEqual(reasons(h.leaf, [h.root]), [
            'chainPem error: does not contain the issuer of "CN=api.example.com" (issuer "CN=certdeploy test intermediate"); add that intermediate certificate',
        ]);
    });

    it("names the certificates that belong to no link of the leaf's chain", () => {
        assert.deepEqual(reasons(h.leaf, [h.intermediate, h.root, unrelated]), [
            `chainPem error: holds certificates that are not part of the leaf's chain: "CN=unrelated root"; remove them`,
        ]);
    });

    it("does not take a same-named CA with another key for the issuer", () => {
        // other.intermediate has the same subject as h.intermediate but its own key: it issued no certificate here.
        assert.match(
            reasons(h.leaf, [other.intermediate, h.root])[0],
            /does not contain the issuer of "CN=api.example.com"|not part of the leaf's chain/,
        );
    });
});
