/**
 * Serving checks under ACM `rotation: "blue_green"` (DESIGN.md §11), through
 * the harness engine against a loopback TLS server standing in for the ALB
 * behind a listener stand-in: the new ARN's create runs no check (no consumer
 * serves it before it is repointed); the old ARN's delete waits until the
 * endpoint no longer serves the old certificate, and a required check that
 * still sees it after its timeout fails that delete and leaves the old ARN.
 * The listener stand-in's update is where the "ALB" switches certificates.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { hierarchy, Hierarchy } from "../../testing/pki";
import type { OperationResult, ProgramRun } from "../harness/engine";
import type { StandInFaults } from "../harness/engine-providers";
import { ServingServer, startServingServer } from "../fixtures/serving-server";
import { acmCertificate, declare, output, standIn, type Args, certificateInputs } from "../programs/spec";
import { acmLive, pemIdentity } from "./live-identity";
import { SERVING_ENV, served, stepsOf } from "./serving-outputs";
import { TestStack } from "./stack";

const ops = (r: OperationResult): string[] =>
    r.steps.map((s) => `${s.op}${s.replaced ? "(replaced)" : ""} ${s.urn.split("::").pop()}`);

describe("ACM blue_green with serving checks: the old ARN's delete waits for its endpoints", () => {
    let acm: AcmEmulator;
    let alb: ServingServer;
    let v1: Hierarchy;
    let v2: Hierarchy;
    let stack: TestStack;
    /** What the ALB does when the listener is repointed: switch to the certificate of the new ARN, or keep the old one. */
    let switchOnRepoint: Hierarchy | undefined;

    before(async () => {
        [v1, v2] = await Promise.all([hierarchy("api.example.com"), hierarchy("api.example.com")]);
    });
    beforeEach(async () => {
        acm = await startAcmEmulator();
        alb = await startServingServer(served(v1));
        switchOnRepoint = undefined;
        const repoint: StandInFaults = (call) => {
            if (call.op === "update" && call.name === "https" && switchOnRepoint) alb.serve(served(switchOnRepoint));
            return undefined;
        };
        stack = new TestStack(SERVING_ENV, "certdeploy-bg-serving", "dev", { standInFaults: repoint });
    });
    afterEach(async () => {
        await Promise.all([acm.close(), alb.close()]);
        stack.cleanup();
    });

    const program = (h: Hierarchy, check: Args = {}): ProgramRun =>
        declare([
            acmCertificate("api", {
                region: "us-east-1",
                ...certificateInputs(h),
                endpoint: acm.endpoint,
                rotation: "blue_green",
                servingChecks: [{ endpoint: alb.endpoint, timeoutSeconds: 3, required: true, ...check }],
            }),
            standIn("aws:lb/listener:Listener", "https", { port: 443, certificateArn: output("api", "arn") }),
        ]);
    const up = async (p: ProgramRun): Promise<OperationResult> => {
        const result = await stack.up(p);
        assert.equal(result.ok, true, result.errors.join("\n"));
        return result;
    };
    const live = (arn: string) => acm.certificates().get(arn);

    it("the create runs no check; the old ARN is deleted once the ALB serves the new certificate", async () => {
        await up(program(v1));
        const oldArn = String(stack.outputs("api").arn);
        assert.ok(
            !stepsOf(stack.outputs("api")).some(([step]) => step === "serving"),
            "no serving step at a blue_green create",
        );
        assert.equal(stack.outputs("api").servingStatus, undefined);

        switchOnRepoint = v2;
        const before = alb.connections();
        const rotated = await up(program(v2));
        assert.deepEqual(ops(rotated), ["replace api", "update https", "delete(replaced) api"]);
        const newArn = String(stack.outputs("api").arn);
        assert.ok(
            !stepsOf(stack.outputs("api")).some(([step]) => step === "serving"),
            "the new ARN's create did not wait for the ALB",
        );
        assert.equal(live(oldArn), undefined, "the old ARN is deleted");
        assert.deepEqual(acmLive(live(newArn)!), pemIdentity(v2.leaf.certPem, v2.chainPem));
        assert.ok(alb.connections() > before, "the delete probed the ALB before deleting");
    });

    it("a required check that still sees the old certificate fails the old ARN's delete; it stays live and condemned until the ALB lets go", async () => {
        await up(program(v1));
        const oldArn = String(stack.outputs("api").arn);
        const oldClaim = String(stack.outputs("api").ownershipClaim);

        switchOnRepoint = undefined; // the ALB keeps serving the old certificate
        const started = Date.now();
        const failed = await stack.up(program(v2));
        assert.equal(failed.ok, false);
        assert.match(
            failed.errors.join("\n"),
            new RegExp(
                `\\(${oldArn}\\) is not deleted: required serving check ${alb.endpoint} still serves the old certificate \\(SHA-256 [0-9a-f:]+…\\) after its timeout`,
            ),
        );
        assert.ok(Date.now() - started >= 3000, "it waited for the check's timeout");
        const newArn = String(stack.outputs("api").arn);
        assert.notEqual(newArn, oldArn);
        assert.deepEqual(
            acmLive(live(oldArn)!),
            pemIdentity(v1.leaf.certPem, v1.chainPem),
            "the old ARN stays, unchanged",
        );
        assert.equal(live(oldArn)!.tags["certdeploy-claim"], oldClaim);
        assert.deepEqual(acmLive(live(newArn)!), pemIdentity(v2.leaf.certPem, v2.chainPem));
        assert.deepEqual(
            stack.engine.state.resources.filter((r) => r.delete).map((r) => r.id),
            [oldArn],
            "Pulumi keeps the old resource marked for deletion",
        );

        alb.serve(served(v2));
        const finished = await up(program(v2));
        assert.deepEqual(ops(finished), ["same api", "same https", "delete(replaced) api"]);
        assert.equal(live(oldArn), undefined);
        assert.deepEqual([...acm.certificates().keys()], [newArn]);
    });

    it("an optional check that still sees the old certificate warns, and the old ARN is deleted", async () => {
        await up(program(v1, { required: false }));
        const oldArn = String(stack.outputs("api").arn);
        const rotated = await up(program(v2, { required: false }));
        assert.deepEqual(ops(rotated), ["replace api", "update https", "delete(replaced) api"]);
        assert.equal(live(oldArn), undefined);
        assert.match(
            stack.hostLogs(),
            new RegExp(
                `warning: AcmCertificate "[^"]+" \\(${oldArn}\\): ${alb.endpoint} still serves the old certificate .* the check is not required, so the old ARN is deleted anyway`,
            ),
        );
    });
});
