import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { readPem, readPkcs12 } from "../../../testing/keyvault/certificate-material";
import { KeyVaultHttpError } from "../../../testing/keyvault/errors";
import { readImportedMaterial } from "../../../testing/keyvault/operations";
import { createChainedTestCertificate, traditionalPem, type TestCertificate } from "../../../testing/pki";

function badParameter(message: RegExp) {
    return (e: unknown): boolean =>
        KeyVaultHttpError.isInstance(e) && e.status === 400 && e.code === "BadParameter" && message.test(e.message);
}

void describe("reading import material as Key Vault does", () => {
    let rsa: TestCertificate;
    let ec: TestCertificate;
    let other: TestCertificate;

    before(async () => {
        [rsa, ec, other] = await Promise.all([
            createChainedTestCertificate(),
            createChainedTestCertificate({ keyType: "EC_prime256v1" }),
            createChainedTestCertificate(),
        ]);
    });

    void it("reads a PKCS#12 with and without a password: leaf by key match, chain, SHA-1 x5t of the DER", () => {
        for (const password of [undefined, "s3cret"]) {
            const m = readPkcs12(rsa.pfxBase64(password), password);
            assert.equal(m.x5t.toString("hex"), rsa.x5tHex);
            assert.equal(m.serialHex, rsa.serialHex);
            assert.equal(m.chainDer.length, 1);
            assert.deepEqual(m.key, { kty: "RSA", keySize: 2048 });
            assert.deepEqual(m.dnsNames, [rsa.commonName]);
        }
    });

    void it("refuses a PKCS#12 opened with the wrong password", () => {
        assert.throws(
            () => readPkcs12(rsa.pfxBase64("right"), "wrong"),
            badParameter(/PKCS#12 X\.509 certificate content can not be read/),
        );
    });

    void it("reads PEM with a PKCS#8 key, RSA or EC", () => {
        assert.equal(readPem(rsa.pemBundle()).x5t.toString("hex"), rsa.x5tHex);
        assert.deepEqual(readPem(ec.pemBundle()).key, { kty: "EC", crv: "P-256" });
        // base64 of the PEM text is accepted too (terraform-provider-azurerm sends it that way)
        assert.equal(readPem(Buffer.from(rsa.pemBundle()).toString("base64")).x5t.toString("hex"), rsa.x5tHex);
    });

    void it("refuses PKCS#1 and SEC1 keys in PEM (Key Vault accepts only PKCS#8)", () => {
        assert.match(traditionalPem(rsa.key), /BEGIN RSA PRIVATE KEY/);
        assert.throws(
            () => readPem(rsa.pemBundle(traditionalPem(rsa.key))),
            badParameter(/PEM X\.509 certificate content is in an unexpected format/),
        );
        assert.throws(() => readPem(ec.pemBundle(traditionalPem(ec.key))), badParameter(/unexpected format/));
        assert.throws(() => readPem(rsa.certificatePem), badParameter(/unexpected format/));
    });

    void it("refuses a key that matches none of the certificates", () => {
        assert.throws(() => readPem(rsa.pemBundle(other.privateKeyPem)), badParameter(/private key does not match/));
    });

    void it("reads PEM bytes as PKCS#12 when no content type is given, and refuses them", () => {
        // What the service does with the SDK's PEM path (DESIGN.md §6): no policy, so PKCS#12.
        const asTheSdkSendsIt = rsa.pemBundle(); // ASCII text in `value`
        assert.throws(() => readImportedMaterial(asTheSdkSendsIt, undefined, undefined), badParameter(/PKCS#12/));
        assert.throws(
            () => readImportedMaterial(Buffer.from(asTheSdkSendsIt).toString("base64"), undefined, undefined),
            badParameter(/PKCS#12/),
        );
        assert.equal(
            readImportedMaterial(asTheSdkSendsIt, "application/x-pem-file", undefined).x5t.toString("hex"),
            rsa.x5tHex,
        );
    });
});
