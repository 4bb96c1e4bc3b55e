/** Finding what an example registered, for the example tests. */
import assert from "node:assert/strict";
import type { RegisteredResource } from "../harness/program";
import { isObject, type JsonObject, type JsonValue } from "../harness/wire";

/** The one registration of `type` (e.g. `aws:lb/listener:Listener`). */
export function only(regs: RegisteredResource[], type: string): RegisteredResource {
    const found = regs.filter((r) => r.type === type);
    assert.equal(
        found.length,
        1,
        `one ${type} registered, found ${found.length} among ${regs.map((r) => r.type).join(", ")}`,
    );
    return found[0];
}

/** A nested object, e.g. `objectField(distribution.inputs, "viewerCertificate")`. */
export function objectField(parent: JsonObject, name: string): JsonObject {
    const value: JsonValue | undefined = parent[name];
    assert.ok(isObject(value), `${name} is an object`);
    return value;
}

/** A string, e.g. `stringField(roleAssignment.inputs, "roleDefinitionId")`. */
export function stringField(parent: JsonObject, name: string): string {
    const value: JsonValue | undefined = parent[name];
    assert.equal(typeof value, "string", `${name} is a string`);
    return value as string;
}

/** A list of objects, e.g. `listField(gateway.inputs, "sslCertificates")`. */
export function listField(parent: JsonObject, name: string): JsonObject[] {
    const value: JsonValue | undefined = parent[name];
    assert.ok(Array.isArray(value), `${name} is a list`);
    return value.map((item, i) => {
        assert.ok(isObject(item), `${name}[${i}] is an object`);
        return item;
    });
}

/** Asserts the private key reached the certificate only, and as a secret. */
export function assertKeyOnlyInCertificate(regs: RegisteredResource[], certificate: RegisteredResource): void {
    assert.ok(certificate.secretInputs.includes("privateKeyPem"), "privateKeyPem is registered as a secret");
    for (const reg of regs) {
        if (reg === certificate) continue;
        assert.doesNotMatch(
            JSON.stringify(reg.inputs),
            /PRIVATE KEY/,
            `${reg.type} ${reg.name} carries no key material`,
        );
    }
}
