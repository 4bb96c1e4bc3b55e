/**
 * What "the same certificate" means (provider/deploy/identity.ts): the leaf's SHA-256 fingerprint and
 * the chain in order, never the serial; a cloud's extra trailing chain certificates are tolerated and
 * reported; the Key Vault version decides where both sides have one.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
    chainDigest,
    exactlySame,
    identityFromPem,
    sameCertificate,
    whichIsLive,
    type CertificateIdentity,
} from "../../provider/deploy/identity";
import { hierarchy, issue, type Hierarchy, type Issued } from "../../testing/pki";

const identity = (leaf: Issued, chain: Issued[] = [], version?: string): CertificateIdentity => {
    const id = identityFromPem(leaf.certPem, chain.map((c) => c.certPem).join("\n") || undefined, version);
    assert.ok(id, "identityFromPem reads the leaf");
    return id;
};

describe("certificate identity", () => {
    let h: Hierarchy;
    let renewed: Issued;
    before(async () => {
        h = await hierarchy("api.example.com");
        // A renewal that keeps the serial: the serial alone would call it the same certificate.
        renewed = await issue({ cn: "api.example.com", issuer: h.intermediate, serial: h.leaf.serial });
    });

    it("identityFromPem gives the leaf's fingerprint, the chain's fingerprints in order and their digest", () => {
        const id = identity(h.leaf, [h.intermediate, h.root]);
        assert.equal(id.chain?.length, 2);
        assert.equal(id.chainSha256, chainDigest([h.intermediate.der, h.root.der]));
        assert.notEqual(id.chainSha256, chainDigest([h.root.der, h.intermediate.der]), "the digest depends on order");
        assert.match(id.fingerprintSha256, /^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    });

    it("a certificate with the same serial but other bytes is another certificate", () => {
        assert.equal(identity(renewed).serial, identity(h.leaf).serial);
        assert.equal(
            sameCertificate(identity(h.leaf, [h.intermediate]), identity(renewed, [h.intermediate])).same,
            false,
        );
    });

    it("the same leaf with another chain is another certificate; the chain compared in order", () => {
        assert.equal(sameCertificate(identity(h.leaf, [h.intermediate]), identity(h.leaf, [h.root])).same, false);
        assert.equal(
            sameCertificate(identity(h.leaf, [h.intermediate, h.root]), identity(h.leaf, [h.root, h.intermediate]))
                .same,
            false,
        );
    });

    it("tolerates and reports chain certificates the cloud returns after the ones sent", () => {
        const match = sameCertificate(identity(h.leaf, [h.intermediate]), identity(h.leaf, [h.intermediate, h.root]));
        assert.equal(match.same, true);
        assert.deepEqual(match.trailing, [identity(h.root).fingerprintSha256]);
        assert.equal(
            exactlySame(identity(h.leaf, [h.intermediate]), identity(h.leaf, [h.intermediate, h.root])),
            false,
            "exactlySame allows no trailing certificates",
        );
    });

    it("compares chains by digest where the cloud shows only the digest", () => {
        const digestOnly = (id: CertificateIdentity): CertificateIdentity => ({ ...id, chain: undefined });
        assert.equal(
            sameCertificate(identity(h.leaf, [h.intermediate]), digestOnly(identity(h.leaf, [h.intermediate]))).same,
            true,
        );
        assert.equal(
            sameCertificate(identity(h.leaf, [h.intermediate]), digestOnly(identity(h.leaf, [h.intermediate, h.root])))
                .same,
            false,
        );
    });

    it("the same Key Vault version is the same certificate; another version falls back to the bytes", () => {
        assert.equal(sameCertificate(identity(h.leaf, [], "v1"), identity(renewed, [], "v1")).same, true);
        assert.equal(sameCertificate(identity(h.leaf, [], "v1"), identity(renewed, [], "v2")).same, false);
        assert.equal(sameCertificate(identity(h.leaf, [], "v1"), identity(h.leaf, [], "v2")).same, true);
    });

    it("whichIsLive picks the candidate whose chain explains most of what is live", () => {
        const short = { ...identity(h.leaf, [h.intermediate]), name: "short" };
        const full = { ...identity(h.leaf, [h.intermediate, h.root]), name: "full" };
        const stranger = { ...identity(renewed, [h.intermediate]), name: "renewed" };
        assert.equal(whichIsLive([short, full, stranger], identity(h.leaf, [h.intermediate, h.root]))?.name, "full");
        assert.equal(whichIsLive([short, full, stranger], identity(h.leaf, [h.intermediate]))?.name, "short");
        assert.equal(whichIsLive([short, full], identity(renewed, [h.intermediate])), undefined);
    });

    it("identityFromPem gives undefined for text with no readable certificate", () => {
        assert.equal(identityFromPem(undefined, undefined), undefined);
        assert.equal(identityFromPem("not a certificate", undefined), undefined);
    });
});
