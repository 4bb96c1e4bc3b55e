/**
 * Serving checks, AWS ACM (DESIGN.md §10), through the harness engine and the
 * real provider host, against loopback TLS servers standing in for an ALB.
 * Every test reads what the ACM emulator holds afterwards (leaf, chain, tags,
 * ARNs) and what the stand-in served.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { acmCertificate, declare, certificateInputs } from "../programs/spec";
import type { Args } from "../programs/spec";
import type { ProgramRun } from "../harness/engine";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { closedPort, ServingServer, startServingServer, startSilentServer } from "../fixtures/serving-server";
import { acmLive, pemIdentity, stateIdentity } from "./live-identity";
import { SERVING_ENV, served, statusesOf, stepsOf, unhex } from "./serving-outputs";
import { counter, TestStack } from "./stack";

describe("Serving checks (ACM): is the deployed certificate what clients see", () => {
    let acm: AcmEmulator;
    let stack: TestStack;
    let v1: Hierarchy;
    let v2: Hierarchy;
    let other: Hierarchy;
    let alb: ServingServer;

    before(async () => {
        [v1, v2, other] = await Promise.all([
            hierarchy("api.example.com"),
            hierarchy("api.example.com"),
            hierarchy("api.example.com"),
        ]);
    });
    beforeEach(async () => {
        acm = await startAcmEmulator();
        alb = await startServingServer(served(v1));
        stack = new TestStack(SERVING_ENV);
    });
    afterEach(async () => {
        await Promise.all([acm.close(), alb.close()]);
        stack.cleanup();
    });

    const program = (h: Hierarchy, extra: Args = {}): ProgramRun =>
        declare([
            acmCertificate("api", {
                region: "us-east-1",
                ...certificateInputs(h),
                tags: { env: "production" },
                endpoint: acm.endpoint,
                ...extra,
            }),
        ]);
    const checks = (check: Record<string, unknown> = {}) => ({
        servingChecks: [{ endpoint: alb.endpoint, timeoutSeconds: 2, ...check }],
    });
    const outs = () => stack.outputs("api");
    const lastDeployment = () =>
        outs().lastDeployment as {
            result: string;
            message?: string;
            steps: { step: string; ok: boolean; ms: number }[];
        };
    const only = () => {
        const all = [...acm.certificates().values()];
        assert.equal(all.length, 1, "one ARN in ACM");
        return all[0];
    };
    /** What ACM serves at the one ARN: `h`'s leaf and chain, with the user's tags. */
    const assertLive = (h: Hierarchy): void => {
        const live = only();
        assert.deepEqual(acmLive(live), pemIdentity(h.leaf.certPem, h.chainPem), "ACM holds the leaf and chain");
        assert.equal(live.tags.env, "production");
        const state = stateIdentity(outs());
        assert.deepEqual({ leaf: state.leaf, chain: state.chain }, acmLive(live), "state says what ACM holds");
    };

    it("a check that matches: succeeded, servingStatus names the served leaf, the serving step is recorded", async () => {
        const result = await stack.up(program(v1, checks({ required: true })));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assertLive(v1);
        const [status] = statusesOf(outs());
        assert.equal(status.endpoint, alb.endpoint);
        assert.equal(status.matched, true);
        assert.equal(unhex(status.servedFingerprintSha256), pemIdentity(v1.leaf.certPem).leaf);
        assert.equal(status.servedFingerprintSha256, outs().fingerprintSha256);
        assert.equal(lastDeployment().result, "succeeded");
        assert.deepEqual(stepsOf(outs()).slice(-2), [
            ["verify", true],
            ["serving", true],
        ]);
        assert.deepEqual(alb.serverNames(), [], "an IP endpoint gets no SNI");
    });

    it("an optional check that does not match warns, and the deployment succeeds", async () => {
        alb.serve(served(other));
        const result = await stack.up(program(v1, checks()));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assertLive(v1);
        assert.equal(lastDeployment().result, "succeeded");
        const [status] = statusesOf(outs());
        assert.equal(status.matched, false);
        assert.equal(
            unhex(status.servedFingerprintSha256),
            pemIdentity(other.leaf.certPem).leaf,
            "it names what was served",
        );
        assert.match(
            stack.hostLogs(),
            new RegExp(`warning: AcmCertificate .*${alb.endpoint} does not serve the deployed certificate`),
        );
        assert.deepEqual(stepsOf(outs()).at(-1), ["serving", false]);
    });

    it("a required check that does not match rolls an update back: the previous certificate is live in ACM again", async () => {
        assert.equal((await stack.up(program(v1, checks({ required: true })))).ok, true);
        const arn = only().arn;
        const importsBefore = only().importCount;
        const result = await stack.up(program(v2, checks({ required: true, timeoutSeconds: 1 })));
        assert.equal(result.ok, false);
        assert.match(
            result.errors.join("\n"),
            /required serving check failed: 127\.0\.0\.1:\d+ does not serve the deployed certificate/,
        );
        assert.equal(only().arn, arn, "the same ARN");
        assertLive(v1);
        assert.equal(only().importCount, importsBefore + 2, "v2 was imported, then v1 again");
        assert.equal(lastDeployment().result, "rolled_back");
        assert.match(lastDeployment().message ?? "", /Rolled back/);
        assert.equal(
            counter(stack.metrics(), "certdeploy_deploy_rollback_total", {
                target_type: "AWSACM",
                outcome: "restored",
            }),
            1,
            "the rollback is counted",
        );
        assert.match(
            fs.readFileSync(stack.auditFile, "utf8"),
            /"result":"rolled_back".*required serving check failed/,
            "and audited with its reason",
        );
    });

    it("a required check that does not match on a fresh create removes the new ARN and records no resource", async () => {
        alb.serve(served(other));
        const result = await stack.up(program(v1, checks({ required: true, timeoutSeconds: 1 })));
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /required serving check failed/);
        assert.equal(acm.certificates().size, 0, "no ARN is left in ACM");
        assert.equal(stack.customResources().length, 0, "no id in state");
    });

    it("a server that switches certificates mid-poll is matched once it serves the new leaf", async () => {
        assert.equal((await stack.up(program(v1, checks({ required: true })))).ok, true);
        const connections = alb.connections();
        alb.serveAfter(3, served(v2));
        const result = await stack.up(program(v2, checks({ required: true, timeoutSeconds: 20 })));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assertLive(v2);
        const [status] = statusesOf(outs());
        assert.equal(status.matched, true);
        assert.equal(unhex(status.servedFingerprintSha256), pemIdentity(v2.leaf.certPem).leaf);
        assert.ok(alb.connections() - connections >= 4, "it polled the old certificate three times first");
    });

    it("an unreachable endpoint is a clear mismatch that finishes within its timeout (blackholed and refused)", async () => {
        const silent = await startSilentServer();
        try {
            const refused = `127.0.0.1:${await closedPort()}`;
            const result = await stack.up(
                program(v1, {
                    servingChecks: [
                        { endpoint: silent.endpoint, timeoutSeconds: 2 },
                        { endpoint: refused, timeoutSeconds: 2 },
                    ],
                }),
            );
            assert.equal(result.ok, true, result.errors.join("\n"));
            assertLive(v1);
            const [blackholed, closed] = statusesOf(outs());
            assert.deepEqual([blackholed.matched, blackholed.servedFingerprintSha256], [false, ""]);
            assert.match(blackholed.error ?? "", /no TLS handshake with 127\.0\.0\.1:\d+ within \d+ ms/);
            assert.match(closed.error ?? "", /TLS handshake with 127\.0\.0\.1:\d+ failed: .*ECONNREFUSED/);
            const serving = lastDeployment().steps.find((s) => s.step === "serving");
            assert.ok(serving && serving.ms < 2500, `serving took ${serving?.ms} ms for 2 s timeouts`);
        } finally {
            await silent.close();
        }
    });

    it("a change of servingChecks alone re-runs the checks and imports nothing; refresh runs none", async () => {
        assert.equal((await stack.up(program(v1))).ok, true);
        assert.equal(outs().servingStatus, undefined, "no checks, no status");
        acm.resetCalls();
        const preview = await stack.preview(program(v1, checks({ required: true })));
        assert.equal(preview.ok, true, preview.errors.join("\n"));
        assert.deepEqual(
            preview.steps.filter((s) => s.urn.endsWith("::api")).map((s) => s.op),
            ["update"],
            "diff reports an update, no replacement",
        );
        const result = await stack.up(program(v1, checks({ required: true })));
        assert.equal(result.ok, true, result.errors.join("\n"));
        assert.equal(acm.calls().counts.ImportCertificate ?? 0, 0, "nothing imported");
        assert.equal(statusesOf(outs())[0].matched, true);
        assertLive(v1);
        const connections = alb.connections();
        assert.equal((await stack.refresh()).ok, true);
        assert.equal(alb.connections(), connections, "refresh made no handshake");
        assert.equal(statusesOf(outs())[0].matched, true, "refresh keeps the recorded status");
    });

    it("a required check added alone that does not match fails the update and changes nothing", async () => {
        assert.equal((await stack.up(program(v1))).ok, true);
        alb.serve(served(other));
        acm.resetCalls();
        const result = await stack.up(program(v1, checks({ required: true, timeoutSeconds: 1 })));
        assert.equal(result.ok, false);
        assert.match(result.errors.join("\n"), /required serving check failed.*Nothing was changed/);
        assert.equal(acm.calls().counts.ImportCertificate ?? 0, 0);
        assertLive(v1);
        assert.equal(outs().servingChecks, undefined, "state keeps the previous inputs, so the next up checks again");
    });
});
