/**
 * Ownership (issue "Ownership", DESIGN.md §8): `pulumi destroy` removes only
 * what this resource instance still claims. Each case runs the engine's real
 * order — create the new resource, then delete the old one — and reads the
 * emulators afterwards: the certificate is live, carries the survivor's
 * claim, and a later destroy of the survivor removes it.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ACMClient, ImportCertificateCommand } from "@aws-sdk/client-acm";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { AzureWorld, startAzureWorld } from "../../testing/keyvault/world";
import { hierarchy, Hierarchy } from "../../testing/pki";
import type { ProgramRun } from "../harness/engine";
import type { EngineState } from "../harness/engine-state";
import {
    acmCertificate,
    Args,
    component,
    declare,
    keyVaultCertificate,
    secret,
    certificateInputs,
} from "../programs/spec";
import { TestStack } from "./stack";

const CLAIM = "certdeploy-claim";

/** `pulumi up`, which must succeed. */
async function up(stack: TestStack, program: ProgramRun) {
    const result = await stack.up(program);
    assert.equal(result.ok, true, result.errors.join("\n"));
    return result;
}

/** A checkpoint as a release before ownership claims wrote it: no `ownershipClaim`, no `adopted`. */
function withoutClaims(state: EngineState): EngineState {
    const copy = JSON.parse(JSON.stringify(state)) as EngineState;
    for (const res of copy.resources) {
        delete res.outputs.ownershipClaim;
        delete res.outputs.adopted;
    }
    return copy;
}

describe("Ownership (ACM): destroy removes only what this resource still claims", () => {
    let acm: AcmEmulator;
    let v1: Hierarchy;
    const stacks: TestStack[] = [];
    const newStack = (name = "dev"): TestStack => {
        const s = new TestStack({}, "certdeploy-own", name);
        stacks.push(s);
        return s;
    };

    before(async () => {
        v1 = await hierarchy("api.example.com");
    });
    beforeEach(async () => {
        acm = await startAcmEmulator();
    });
    afterEach(async () => {
        await acm.close();
        for (const s of stacks.splice(0)) s.cleanup();
    });

    const cert = (name: string, extra: Args = {}, parent?: string) =>
        acmCertificate(
            name,
            {
                region: "us-east-1",
                ...certificateInputs(v1),
                endpoint: acm.endpoint,
                ...extra,
            },
            parent ? { parent } : undefined,
        );
    const importOutOfBand = async (): Promise<string> => {
        const client = new ACMClient({
            region: "us-east-1",
            endpoint: acm.endpoint,
            credentials: { accessKeyId: "a", secretAccessKey: "b" },
        });
        const out = await client.send(
            new ImportCertificateCommand({
                Certificate: Buffer.from(v1.leaf.certPem),
                PrivateKey: Buffer.from(v1.leaf.keyPem),
                CertificateChain: Buffer.from(v1.chainPem),
            }),
        );
        client.destroy();
        return out.CertificateArn ?? "";
    };
    /** The survivor holds the live ARN: its claim is on the ARN, and destroying it removes the ARN. */
    const assertHeldThenDestroyed = async (stack: TestStack, name: string, arn: string): Promise<void> => {
        const live = acm.certificates().get(arn);
        assert.ok(live, "the certificate is live after the create-new / delete-old order");
        assert.equal(live.tags[CLAIM], stack.outputs(name).ownershipClaim, "the survivor's claim is on the ARN");
        assert.equal((await stack.destroy()).ok, true);
        assert.equal(acm.certificates().get(arn), undefined, "destroying the survivor removes it");
    };

    it("1. a rename with an explicit certificateId and no alias: the old resource's delete retains the ARN", async () => {
        const stack = newStack();
        await up(stack, declare([cert("api", { certificateId: "edge/api" })]));
        const arn = String(stack.outputs("api").arn);
        const result = await up(stack, declare([cert("api-renamed", { certificateId: "edge/api" })]));
        assert.deepEqual(
            result.steps.map((s) => s.op),
            ["create", "delete"],
            "the engine creates the new resource, then deletes the old one",
        );
        assert.equal(stack.outputs("api-renamed").arn, arn, "the new resource took the ARN over");
        assert.match(stack.hostLogs(), /is retained, not deleted: it now carries claim created:/);
        await assertHeldThenDestroyed(stack, "api-renamed", arn);
    });

    it("1b. a move into a component without an alias: the same", async () => {
        const stack = newStack();
        await up(stack, declare([cert("api")]));
        const arn = String(stack.outputs("api").arn);
        await up(stack, declare([component("edge:index:Site", "site"), cert("api", {}, "site")]));
        assert.equal(stack.customResources().length, 1);
        assert.equal(String(stack.outputs("api").arn), arn);
        await assertHeldThenDestroyed(stack, "api", arn);
    });

    it("2. pinning the resource's own ARN is not a replacement, and destroy still deletes what it created", async () => {
        const stack = newStack();
        await up(stack, declare([cert("api")]));
        const arn = String(stack.outputs("api").arn);
        const preview = await stack.preview(declare([cert("api", { certificateArn: arn })]));
        assert.notEqual(preview.steps[0].op, "replace");
        await up(stack, declare([cert("api", { certificateArn: arn })]));
        assert.equal(stack.outputs("api").adopted, false);
        await assertHeldThenDestroyed(stack, "api", arn);
    });

    it("4. removing a pin gets a new ARN; the pinned certificate, which existed before certdeploy, is never deleted", async () => {
        const pinned = await importOutOfBand();
        const stack = newStack();
        await up(stack, declare([cert("api", { certificateArn: pinned })]));
        assert.equal(stack.outputs("api").adopted, true);
        await up(stack, declare([cert("api")]));
        const fresh = String(stack.outputs("api").arn);
        assert.notEqual(fresh, pinned, "the fresh create does not take the adopted ARN over as its own");
        assert.ok(acm.certificates().get(pinned), "the formerly pinned ARN is retained");
        await assertHeldThenDestroyed(stack, "api", fresh);
        assert.ok(acm.certificates().get(pinned), "and still there after destroy");
    });

    it("a pinned ARN is retained by destroy by default", async () => {
        const pinned = await importOutOfBand();
        const stack = newStack();
        await up(stack, declare([cert("api", { certificateArn: pinned })]));
        assert.equal((await stack.destroy()).ok, true);
        assert.ok(acm.certificates().get(pinned));
    });

    it("two stacks naming the same ARN: the second is refused before it writes; destroying it leaves the first's", async () => {
        const a = newStack("a");
        await up(a, declare([cert("api")]));
        const arn = String(a.outputs("api").arn);
        const importsBefore = acm.certificates().get(arn)?.importCount;
        const b = newStack("b");
        const refused = await b.up(declare([cert("api", { certificateArn: arn })]));
        assert.equal(refused.ok, false);
        assert.match(refused.errors.join("\n"), /belongs to certificateId "certdeploy-own\/a\/api"/);
        assert.equal(acm.certificates().get(arn)?.importCount, importsBefore, "nothing written");
        assert.equal((await b.destroy()).ok, true);
        assert.ok(acm.certificates().get(arn), "destroying the second stack never removes the first's certificate");
        await assertHeldThenDestroyed(a, "api", arn);
    });

    it("the claim survives a rotation that drops tags on re-import, a rollback, and a refresh", async () => {
        await acm.close();
        acm = await startAcmEmulator({ dropTagsOnReimport: true }); // as moto does; ACM does not document it
        const v2 = await hierarchy("api.example.com");
        const v3 = await hierarchy("api.example.com");
        const stack = newStack();
        await up(stack, declare([cert("api")]));
        const arn = String(stack.outputs("api").arn);
        const claim = String(stack.outputs("api").ownershipClaim);
        const withLeaf = (h: Hierarchy) =>
            declare([
                acmCertificate("api", {
                    region: "us-east-1",
                    certificatePem: h.leaf.certPem,
                    privateKeyPem: secret(h.leaf.keyPem),
                    chainPem: h.chainPem,
                    endpoint: acm.endpoint,
                }),
            ]);
        await up(stack, withLeaf(v2));
        assert.equal(acm.certificates().get(arn)?.tags[CLAIM], claim, "re-applied after the re-import dropped it");
        acm.injectFault({ operation: "GetCertificate", kind: "internal", afterCalls: 1, times: 8 });
        assert.equal((await stack.up(withLeaf(v3))).ok, false, "verify fails, the rotation rolls back");
        acm.clearFaults();
        assert.equal(acm.certificates().get(arn)?.tags[CLAIM], claim, "back after the restore's re-import dropped it");
        assert.equal((await stack.refresh()).ok, true);
        assert.equal(stack.outputs("api").ownershipClaim, claim);
        await assertHeldThenDestroyed(stack, "api", arn);
    });

    it("an old state without a claim deletes as before, once, with a warning", async () => {
        const first = newStack();
        await up(first, declare([cert("api")]));
        const arn = String(first.outputs("api").arn);
        // The checkpoint an earlier release wrote: no claim in state (the ARN's claim tag, if any, is not consulted).
        const old = withoutClaims(first.engine.state);
        const stack = new TestStack({}, "certdeploy-own", "dev", { state: old });
        stacks.push(stack);
        assert.equal((await stack.destroy()).ok, true);
        assert.equal(acm.certificates().get(arn), undefined, "deleted as before");
        assert.match(stack.hostLogs(), /state has no ownership claim \(written by an earlier certdeploy release\)/);
    });
});

describe("Ownership (Key Vault): destroy removes only what this resource still claims", () => {
    let world: AzureWorld;
    let v1: Hierarchy;
    const VAULT = "own-vault";
    const NAME = "api-prod";
    const stacks: TestStack[] = [];
    const newStack = (name = "dev"): TestStack => {
        const s = new TestStack(world.env("managed_identity"), "certdeploy-own", name);
        stacks.push(s);
        return s;
    };

    before(async () => {
        v1 = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
    });
    beforeEach(async () => {
        world = await startAzureWorld({ vaults: [VAULT] });
    });
    afterEach(async () => {
        await world.close();
        for (const s of stacks.splice(0)) s.cleanup();
    });

    const kv = () => world.keyVaultFor(VAULT);
    const cert = (name: string, extra: Args = {}, parent?: string) =>
        keyVaultCertificate(
            name,
            {
                vaultUrl: world.vault(VAULT),
                certificateName: NAME,
                ...certificateInputs(v1),
                credentialMode: "managed_identity",
                ...extra,
            },
            parent ? { parent } : undefined,
        );
    const assertHeldThenDestroyed = async (stack: TestStack, name: string): Promise<void> => {
        const latest = kv().latest(NAME);
        assert.ok(latest, "the certificate is live after the create-new / delete-old order");
        assert.equal(kv().deleted(NAME), undefined, "not soft-deleted");
        assert.equal(
            latest.tags[CLAIM],
            stack.outputs(name).ownershipClaim,
            "the survivor's claim is on the latest version",
        );
        assert.equal((await stack.destroy()).ok, true);
        assert.equal(kv().latest(NAME), undefined);
        assert.ok(kv().deleted(NAME), "destroying the survivor soft-deletes the name");
    };

    it("1. a rename with an explicit certificateId and no alias: the old resource's delete retains the name", async () => {
        const stack = newStack();
        await up(stack, declare([cert("agw", { certificateId: "edge/agw" })]));
        const result = await up(stack, declare([cert("agw-renamed", { certificateId: "edge/agw" })]));
        assert.deepEqual(
            result.steps.map((s) => s.op),
            ["create", "delete"],
        );
        assert.equal(kv().versions(NAME).length, 1, "the new resource resumed the version, no second import");
        assert.match(stack.hostLogs(), /is retained, not deleted/);
        await assertHeldThenDestroyed(stack, "agw-renamed");
    });

    it("1b. a move into a component without an alias: the same", async () => {
        const stack = newStack();
        await up(stack, declare([cert("agw")]));
        await up(stack, declare([component("edge:index:Site", "site"), cert("agw", {}, "site")]));
        await assertHeldThenDestroyed(stack, "agw");
    });

    it("3. a vault URL that differs only by :443, case or a trailing slash is no replacement", async () => {
        const stack = newStack();
        await up(stack, declare([cert("agw")]));
        const host = new URL(world.vault(VAULT)).host;
        for (const variant of [`https://${host}:443`, `HTTPS://${host.toUpperCase()}/`]) {
            const preview = await stack.preview(declare([cert("agw", { vaultUrl: variant })]));
            assert.ok(
                preview.steps.every((s) => s.op !== "replace"),
                `${variant} is the same vault`,
            );
        }
        await up(stack, declare([cert("agw", { vaultUrl: `https://${host}:443` })]));
        await assertHeldThenDestroyed(stack, "agw");
    });

    it("5. a name taken over with overwriteDrift is adopted and retained by destroy, with every version", async () => {
        const other = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
        kv().importOutOfBand(NAME, { pem: other.leaf.keyPem + other.leaf.certPem });
        const stack = newStack();
        await up(stack, declare([cert("agw", { overwriteDrift: true })]));
        assert.equal(stack.outputs("agw").adopted, true);
        assert.match(String(stack.outputs("agw").ownershipClaim), /^adopted:/);
        assert.equal((await stack.destroy()).ok, true);
        assert.equal(kv().versions(NAME).length, 2, "the version certdeploy never wrote is kept, and ours");
        assert.equal(kv().deleted(NAME), undefined);
    });

    it("two stacks naming the same certificate: the second is refused before it writes; destroying it leaves the first's", async () => {
        const a = newStack("a");
        await up(a, declare([cert("agw")]));
        const b = newStack("b");
        const refused = await b.up(declare([cert("agw")]));
        assert.equal(refused.ok, false);
        assert.match(refused.errors.join("\n"), /belongs to certificateId "certdeploy-own\/a\/agw"/);
        assert.equal(kv().versions(NAME).length, 1, "nothing written");
        assert.equal((await b.destroy()).ok, true);
        assert.ok(kv().latest(NAME));
        await assertHeldThenDestroyed(a, "agw");
    });

    it("the claim is on every version: a rotation's, a rollback's restore, and it survives a refresh", async () => {
        const v2 = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
        const v3 = await hierarchy("api.example.com", { kind: "rsa", bits: 2048 });
        const stack = newStack();
        await up(stack, declare([cert("agw")]));
        const claim = String(stack.outputs("agw").ownershipClaim);
        const withLeaf = (h: Hierarchy) =>
            declare([
                cert("agw", {
                    certificatePem: h.leaf.certPem,
                    privateKeyPem: secret(h.leaf.keyPem),
                    chainPem: h.chainPem,
                }),
            ]);
        await up(stack, withLeaf(v2));
        kv().injectFault({ operation: "getCertificate", kind: "internal", afterCalls: 1, times: 8 });
        assert.equal((await stack.up(withLeaf(v3))).ok, false);
        kv().clearFaults();
        assert.deepEqual(
            kv()
                .versions(NAME)
                .map((v) => v.tags[CLAIM]),
            [claim, claim, claim, claim],
            "v1, v2, v3 and the restored v2 all carry the claim",
        );
        assert.equal((await stack.refresh()).ok, true);
        assert.equal(stack.outputs("agw").ownershipClaim, claim);
        await assertHeldThenDestroyed(stack, "agw");
    });

    it("an old state without a claim deletes as before, once, with a warning", async () => {
        const first = newStack();
        await up(first, declare([cert("agw")]));
        const stack = new TestStack(world.env("managed_identity"), "certdeploy-own", "dev", {
            state: withoutClaims(first.engine.state),
        });
        stacks.push(stack);
        assert.equal((await stack.destroy()).ok, true);
        assert.ok(kv().deleted(NAME));
        assert.match(stack.hostLogs(), /state has no ownership claim \(written by an earlier certdeploy release\)/);
    });
});
