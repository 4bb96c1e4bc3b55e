/**
 * AcmCertificateSet end to end through the harness engine: one ACM emulator
 * (regional, as ACM is: the region comes from each request's SigV4 scope and
 * an ARN is found only in its own region), the real SDK component, one real
 * AcmCertificate child per region. Every test reads the live certificates
 * per region from the emulator.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
    acmCertificate,
    acmCertificateSet,
    declare,
    output,
    standIn,
    type Args,
    type DeclaredOptions,
    certificateInputs,
} from "../programs/spec";
import { startAcmEmulator, type AcmEmulator, type CallRecord, type CertificateSnapshot } from "../../testing/acm";
import { hierarchy, type Hierarchy } from "../../testing/pki";
import { isSecret } from "../harness/wire";
import { acmLive, pemIdentity } from "./live-identity";
import { TestStack } from "./stack";

const SET_TYPE = "certdeploy:index:AcmCertificateSet";
const CHILD_TYPE = "pulumi-nodejs:dynamic/certdeploy:AcmCertificate";
const WRITES = new Set(["ImportCertificate", "AddTagsToCertificate", "RemoveTagsFromCertificate", "DeleteCertificate"]);

describe("AcmCertificateSet through the harness engine", () => {
    let acm: AcmEmulator;
    let v1: Hierarchy;
    let stack: TestStack;

    before(async () => {
        v1 = await hierarchy("api.example.com");
    });
    beforeEach(async () => {
        acm = await startAcmEmulator();
        stack = new TestStack({});
    });
    afterEach(async () => {
        await acm.close();
        stack.cleanup();
    });

    const certArgs = (): Args => ({
        ...certificateInputs(v1),
        tags: { env: "production" },
        endpoint: acm.endpoint,
    });
    const setArgs = (regions: string[], extra: Args = {}): Args => ({ regions, ...certArgs(), ...extra });
    const program = (regions: string[], extra: Args = {}, options?: DeclaredOptions) =>
        declare([acmCertificateSet("api", setArgs(regions, extra), options)]);
    const liveIn = (region: string): CertificateSnapshot[] =>
        [...acm.certificates().values()].filter((c) => c.region === region);
    const callsIn = (region: string): CallRecord[] => acm.calls().log.filter((c) => c.region === region);
    const writesIn = (region: string): CallRecord[] => callsIn(region).filter((c) => WRITES.has(c.operation));
    const childUrn = (setName: string, child: string) =>
        `urn:pulumi:dev::certdeploy-e2e::${SET_TYPE}$${CHILD_TYPE}::${setName}-${child}`;

    /** The one live certificate in `region` is v1 (leaf and chain) with this child's provenance tags. */
    function assertLive(region: string, child: string): CertificateSnapshot {
        const [cert, ...more] = liveIn(region);
        assert.ok(cert, `a certificate is live in ${region}`);
        assert.equal(more.length, 0, `one certificate in ${region}`);
        assert.deepEqual(
            acmLive(cert),
            pemIdentity(v1.leaf.certPem, v1.chainPem),
            `${region}: v1's leaf and chain are live`,
        );
        const outs = stack.outputs(child);
        assert.equal(outs.arn, cert.arn);
        assert.equal(String(outs.fingerprintSha256).replace(/:/g, ""), acmLive(cert).leaf);
        assert.deepEqual(cert.tags, {
            env: "production",
            "certdeploy-managed-by": "certdeploy",
            "certdeploy-certificate-id": `certdeploy-e2e/dev/${child}`,
            "certdeploy-claim": String(outs.ownershipClaim),
        });
        return cert;
    }

    it("three regions: the canary's whole transaction precedes every other region's first call; arns maps each region to its live ARN", async () => {
        const regions = ["us-east-1", "eu-west-1", "ap-southeast-2"];
        const result = await stack.up(
            declare(
                [
                    acmCertificateSet("api", setArgs(regions, { canaryRegion: "eu-west-1" })),
                    standIn("aws:cloudfront/distribution:Distribution", "site", {
                        viewerCertificate: { acmCertificateArn: output("api", "arns") },
                    }),
                ],
                { arns: output("api", "arns") },
            ),
        );
        assert.equal(result.ok, true, result.errors.join("\n"));
        const live = Object.fromEntries(regions.map((r) => [r, assertLive(r, `api-${r}`).arn]));
        assert.deepEqual(stack.outputs("api").arns, live, "the set's arns output maps every region to its live ARN");
        for (const r of regions) assert.match(live[r], new RegExp(`^arn:aws:acm:${r}:123456789012:certificate/`));
        const created = stack.standInCalls("site").find((c) => c.op === "create");
        assert.deepEqual(
            created?.inputs.viewerCertificate,
            { acmCertificateArn: live },
            "a consumer receives the real ARNs",
        );

        // The canary (eu-west-1) imported, tagged and verified before any other region saw a call.
        const canaryCalls = callsIn("eu-west-1");
        assert.ok(canaryCalls.some((c) => c.operation === "ImportCertificate"));
        const canaryDone = Math.max(...canaryCalls.map((c) => c.seq));
        for (const r of ["us-east-1", "ap-southeast-2"]) {
            const first = Math.min(...callsIn(r).map((c) => c.seq));
            assert.ok(
                first > canaryDone,
                `${r}'s first call (#${first}) comes after the canary's last (#${canaryDone})`,
            );
        }
        // The engine step order agrees, and the state records each dependency on the canary.
        const creates = result.steps.filter((s) => s.op === "create" && s.type === CHILD_TYPE).map((s) => s.urn);
        assert.equal(creates[0], childUrn("api", "eu-west-1"));
        for (const r of ["us-east-1", "ap-southeast-2"]) {
            const state = stack.resource(`api-${r}`);
            assert.equal(state.parent, stack.resource("api").urn, "parented to the set");
            assert.deepEqual(state.dependencies, [childUrn("api", "eu-west-1")]);
        }
        assert.deepEqual(stack.resource("api-eu-west-1").dependencies ?? [], []);
    });

    it("a canary whose import fails stops the other regions before they write anything", async () => {
        const fault = acm.injectFault({ operation: "ImportCertificate", kind: "accessDenied", times: Infinity });
        const result = await stack.up(program(["eu-west-1", "us-east-1", "ap-southeast-2"]));
        assert.equal(result.ok, false);
        assert.ok(fault.hits >= 1);
        assert.match(result.errors.join("\n"), /api-eu-west-1/, "the failure names the canary");
        assert.match(result.errors.join("\n"), /acm:ImportCertificate/, "and the IAM action it needs");
        assert.deepEqual(liveIn("eu-west-1"), [], "the canary left no ARN");
        for (const r of ["us-east-1", "ap-southeast-2"]) {
            assert.deepEqual(callsIn(r), [], `no call reached ${r}`);
            assert.deepEqual(liveIn(r), [], `no ARN in ${r}`);
            assert.equal(
                result.steps.some((s) => s.urn === childUrn("api", r) && s.status !== "planned"),
                false,
                `${r}'s step never ran`,
            );
        }
        assert.equal(
            stack.customResources().some((res) => res.urn !== childUrn("api", "eu-west-1")),
            false,
            "no other region is in state",
        );
    });

    it("removing a region deletes only that region's certificate; the others keep ARN and certificate, with no write", async () => {
        const first = await stack.up(program(["us-east-1", "eu-west-1", "ap-southeast-2"]));
        assert.equal(first.ok, true, first.errors.join("\n"));
        const before = Object.fromEntries(["us-east-1", "eu-west-1", "ap-southeast-2"].map((r) => [r, liveIn(r)[0]]));
        acm.resetCalls();
        const result = await stack.up(program(["us-east-1", "eu-west-1"]));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.deepEqual(liveIn("ap-southeast-2"), [], "the removed region's certificate is deleted");
        assert.deepEqual(
            acm
                .calls()
                .log.filter((c) => WRITES.has(c.operation))
                .map((c) => [c.operation, c.region, c.arn]),
            [["DeleteCertificate", "ap-southeast-2", before["ap-southeast-2"].arn]],
            "the only write is that delete",
        );
        for (const r of ["us-east-1", "eu-west-1"]) {
            const cert = assertLive(r, `api-${r}`);
            assert.equal(cert.arn, before[r].arn, `${r} keeps its ARN`);
            assert.equal(cert.importCount, before[r].importCount, `${r} was not re-imported`);
            assert.deepEqual(writesIn(r), []);
        }
        assert.deepEqual(
            result.steps.filter((s) => s.op !== "same").map((s) => [s.op, s.urn]),
            [["delete", childUrn("api", "ap-southeast-2")]],
        );
        assert.deepEqual(stack.outputs("api").arns, {
            "us-east-1": before["us-east-1"].arn,
            "eu-west-1": before["eu-west-1"].arn,
        });
    });

    it("removing the canary region deletes only its certificate; the next region becomes the canary without a write", async () => {
        assert.equal((await stack.up(program(["us-east-1", "eu-west-1", "ap-southeast-2"]))).ok, true);
        const before = Object.fromEntries(["eu-west-1", "ap-southeast-2"].map((r) => [r, liveIn(r)[0]]));
        acm.resetCalls();
        const result = await stack.up(program(["eu-west-1", "ap-southeast-2"]));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.deepEqual(liveIn("us-east-1"), []);
        assert.deepEqual(
            acm
                .calls()
                .log.filter((c) => WRITES.has(c.operation))
                .map((c) => [c.operation, c.region]),
            [["DeleteCertificate", "us-east-1"]],
        );
        for (const r of ["eu-west-1", "ap-southeast-2"])
            assert.equal(assertLive(r, `api-${r}`).importCount, before[r].importCount);
        assert.deepEqual(
            stack.resource("api-ap-southeast-2").dependencies,
            [childUrn("api", "eu-west-1")],
            "ap-southeast-2 now waits for eu-west-1",
        );
    });

    it("a set for CloudFront without us-east-1 is warned about in preview; with us-east-1 it is not", async () => {
        const warningOf = () =>
            stack.engine.lastLogs.program.stderr
                .split("\n")
                .filter((l) => l.startsWith("warning") && l.includes("AcmCertificateSet"));
        const without = await stack.preview(program(["eu-west-1", "eu-central-1"], { consumers: ["cloudfront"] }));
        assert.equal(without.ok, true, without.errors.join("\n"));
        const [warning, ...more] = warningOf();
        assert.equal(more.length, 0);
        assert.ok(warning?.includes(`::${SET_TYPE}::api`), `the warning is on the set: ${warning}`);
        assert.match(
            warning,
            /consumers lists cloudfront, which reads ACM certificates from us-east-1 only, but regions \(eu-west-1, eu-central-1\) has no us-east-1/,
        );
        assert.match(warning, /add "us-east-1" to regions/);

        const withUsEast1 = await stack.preview(program(["eu-west-1", "us-east-1"], { consumers: ["cloudfront"] }));
        assert.equal(withUsEast1.ok, true, withUsEast1.errors.join("\n"));
        assert.deepEqual(warningOf(), []);
        const notForCloudFront = await stack.preview(program(["eu-west-1"]));
        assert.deepEqual(warningOf(), [], "no consumers, no warning");
        assert.equal(notForCloudFront.ok, true);
        assert.deepEqual(
            acm.calls().log.filter((c) => WRITES.has(c.operation)),
            [],
            "preview never writes",
        );
    });

    it("construction mistakes fail preview with a message that names the set and what to fix, before anything is registered", async () => {
        const cases: [Args, RegExp][] = [
            [
                setArgs(["eu-west-1", "us-east-1", "eu-west-1"]),
                /AcmCertificateSet "api": regions lists "eu-west-1" twice; list each region once/,
            ],
            [
                setArgs(["eu-west-1", "us-east-1"], { canaryRegion: "ap-south-1" }),
                /AcmCertificateSet "api": canaryRegion "ap-south-1" is not in regions; add it to regions or name one that is there/,
            ],
            [setArgs([]), /AcmCertificateSet "api": regions is empty; list at least one region/],
            [
                setArgs(["eu-west-1"], { regions: "eu-west-1" }),
                /AcmCertificateSet "api": regions must be a list of plain strings/,
            ],
            [
                setArgs(["eu-west-1"], {
                    certificateArn:
                        "arn:aws:acm:eu-west-1:123456789012:certificate/0b8f0b4c-1c3a-4e0e-9b5c-2a6f5f0c1e11",
                }),
                /certificateArn pins one ARN/,
            ],
            [
                setArgs(["eu-west-1"], { perRegion: { "us-east-1": { certificateId: "x" } } }),
                /perRegion key "us-east-1" is not in regions/,
            ],
        ];
        for (const [args, message] of cases) {
            const result = await stack.preview(declare([acmCertificateSet("api", args)]));
            assert.equal(result.ok, false);
            assert.match(result.errors.join("\n"), message);
            assert.doesNotMatch(result.errors.join("\n"), / {4}at /, "a clean message, no stack trace");
            assert.deepEqual(result.steps, [], "nothing was registered");
        }
        assert.deepEqual(acm.calls().log, []);
    });

    it("an AcmCertificate moved into a set with perRegion aliases and its certificateId keeps its ARN, with no write", async () => {
        const single = await stack.up(declare([acmCertificate("api", { ...certArgs(), region: "us-east-1" })]));
        assert.equal(single.ok, true, single.errors.join("\n"));
        const arn = String(stack.outputs("api").arn);
        const claim = stack.outputs("api").ownershipClaim;
        acm.resetCalls();
        const moved = await stack.up(
            program(["us-east-1", "eu-west-1"], {
                perRegion: {
                    "us-east-1": {
                        aliases: [
                            "urn:pulumi:dev::certdeploy-e2e::pulumi-nodejs:dynamic/certdeploy:AcmCertificate::api",
                        ],
                        certificateId: "certdeploy-e2e/dev/api",
                    },
                },
            }),
        );
        assert.equal(moved.ok, true, moved.errors.join("\n"));
        assert.equal(
            moved.steps.find((s) => s.urn === childUrn("api", "us-east-1"))?.op,
            "same",
            "the moved certificate is the same resource",
        );
        assert.deepEqual(writesIn("us-east-1"), [], "and nothing was written to it");
        const [cert] = liveIn("us-east-1");
        assert.equal(cert.arn, arn);
        assert.equal(stack.outputs("api-us-east-1").ownershipClaim, claim, "it keeps its ownership claim");
        assert.equal(cert.tags["certdeploy-certificate-id"], "certdeploy-e2e/dev/api");
        assert.equal(liveIn("eu-west-1").length, 1, "the new region is created");
        assert.equal(moved.steps.filter((s) => s.op === "delete").length, 0);
    });

    it("a set renamed with the set's aliases keeps every child (the children inherit the alias)", async () => {
        assert.equal((await stack.up(program(["us-east-1", "eu-west-1"]))).ok, true);
        const arns = stack.outputs("api").arns;
        acm.resetCalls();
        const renamed = await stack.up(
            declare([
                acmCertificateSet(
                    "web",
                    setArgs(["us-east-1", "eu-west-1"], { certificateId: "certdeploy-e2e/dev/api" }),
                    { aliases: ["api"] },
                ),
            ]),
        );
        assert.equal(renamed.ok, true, renamed.errors.join("\n"));
        assert.deepEqual(
            renamed.steps.filter((s) => s.type === CHILD_TYPE).map((s) => s.op),
            ["same", "same"],
            "both children are found under their old names",
        );
        assert.deepEqual(stack.outputs("web").arns, arns);
        assert.deepEqual(
            acm.calls().log.filter((c) => WRITES.has(c.operation)),
            [],
        );
    });

    it("ignoreChanges reaches every child; the set's state holds no key and each child keeps its key secret", async () => {
        const regions = ["us-east-1", "eu-west-1"];
        assert.equal((await stack.up(program(regions, {}, { ignoreChanges: ["tags"] }))).ok, true);
        assert.doesNotMatch(
            JSON.stringify(stack.resource("api")),
            /PRIVATE KEY/,
            "the component's state carries no key material",
        );
        for (const r of regions)
            assert.ok(
                isSecret(stack.rawOutputs(`api-${r}`).privateKeyPem),
                `api-${r}: privateKeyPem is a secret in state`,
            );
        acm.resetCalls();
        const retagged = await stack.up(program(regions, { tags: { env: "staging" } }, { ignoreChanges: ["tags"] }));
        assert.equal(retagged.ok, true, retagged.errors.join("\n"));
        assert.deepEqual(
            retagged.steps.filter((s) => s.type === CHILD_TYPE).map((s) => s.op),
            ["same", "same"],
        );
        for (const r of regions) assert.equal(liveIn(r)[0].tags.env, "production", `${r} keeps its tags`);
        assert.deepEqual(
            acm.calls().log.filter((c) => WRITES.has(c.operation)),
            [],
        );
    });

    it("protect and retainOnDelete reach every child: destroy leaves protected certificates, retain drops them from state only", async () => {
        assert.equal((await stack.up(program(["us-east-1", "eu-west-1"], {}, { retainOnDelete: true }))).ok, true);
        const arns = Object.values(stack.outputs("api").arns as Record<string, string>);
        assert.equal((await stack.destroy()).ok, true);
        for (const arn of arns) assert.ok(acm.certificates().get(arn), "retained in ACM");
        assert.deepEqual(stack.customResources(), []);

        const protectedStack = new TestStack({}, "certdeploy-e2e", "protected");
        try {
            assert.equal(
                (
                    await protectedStack.up(
                        declare([acmCertificateSet("api", setArgs(["us-east-1", "eu-west-1"]), { protect: true })]),
                    )
                ).ok,
                true,
            );
            const destroy = await protectedStack.destroy();
            assert.equal(destroy.ok, false, "a protected child refuses destroy");
            assert.equal(protectedStack.customResources().length, 2);
        } finally {
            protectedStack.cleanup();
        }
    });
});
