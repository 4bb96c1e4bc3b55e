/**
 * ACM `rotation: "blue_green"` (DESIGN.md §11) through the harness engine: a
 * certificate change is a create-before-delete replacement, so a listener
 * stand-in that takes the certificate's `arn` is repointed to the new ARN
 * before the old ARN is deleted, and a listener that refuses the new ARN
 * leaves the old one live and in use. Every test reads what is live from the
 * ACM emulator: ARNs, leaf and chain, tags and claims, and its call log.
 */
import { afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ACMClient, ImportCertificateCommand } from "@aws-sdk/client-acm";
import { AcmEmulator, startAcmEmulator, type CallRecord } from "../../testing/acm";
import { hierarchy, Hierarchy } from "../../testing/pki";
import type { OperationResult, ProgramRun } from "../harness/engine";
import type { StandInFaults } from "../harness/engine-providers";
import { networkGuardEnv, outboundAttempts, readNetworkLog } from "../harness/network-log";
import { removeSecrets } from "../harness/wire";
import { acmCertificate, declare, output, standIn, type Args, certificateInputs } from "../programs/spec";
import { acmLive, chainDigestOf, pemIdentity, stateIdentity } from "./live-identity";
import { TestStack, type TestStackOptions } from "./stack";

const PROJECT = "certdeploy-bg";
const LISTENER = "aws:lb/listener:Listener";
const CLAIM = "certdeploy-claim";
const CHAIN_DIGEST = "certdeploy-chain-sha256";
const WRITES = new Set(["ImportCertificate", "AddTagsToCertificate", "RemoveTagsFromCertificate", "DeleteCertificate"]);

async function up(stack: TestStack, program: ProgramRun): Promise<OperationResult> {
    const result = await stack.up(program);
    assert.equal(result.ok, true, result.errors.join("\n"));
    return result;
}

/** Steps as "<op> <name>", e.g. "delete(replaced) api". */
const ops = (r: OperationResult): string[] =>
    r.steps.map((s) => `${s.op}${s.replaced ? "(replaced)" : ""} ${s.urn.split("::").pop()}`);

describe("ACM rotation blue_green through the harness engine", () => {
    let acm: AcmEmulator;
    let v1: Hierarchy;
    let v2: Hierarchy;
    const stacks: TestStack[] = [];
    const newStack = (opts: TestStackOptions = {}, env: Record<string, string> = {}): TestStack => {
        const s = new TestStack(env, PROJECT, "dev", opts);
        stacks.push(s);
        return s;
    };

    before(async () => {
        [v1, v2] = await Promise.all([hierarchy("api.example.com"), hierarchy("api.example.com")]);
    });
    beforeEach(async () => {
        acm = await startAcmEmulator();
    });
    afterEach(async () => {
        await acm.close();
        for (const s of stacks.splice(0)) s.cleanup();
    });

    const cert = (h: Hierarchy, extra: Args = {}) =>
        acmCertificate("api", {
            region: "us-east-1",
            ...certificateInputs(h),
            endpoint: acm.endpoint,
            tags: { env: "production" },
            rotation: "blue_green",
            ...extra,
        });
    const listener = () =>
        standIn(LISTENER, "https", { port: 443, protocol: "HTTPS", certificateArn: output("api", "arn") });
    const withListener = (h: Hierarchy, extra: Args = {}): ProgramRun => declare([cert(h, extra), listener()]);
    const live = (arn: string) => acm.certificates().get(arn);
    const callsSince = (mark: number): readonly CallRecord[] => acm.calls().log.slice(mark);
    const listenerArn = (stack: TestStack): unknown => removeSecrets(stack.resource("https").outputs["certificateArn"]);

    /** `pulumi up` of v1 with the listener: the ARN and claim it created. */
    const firstDeploy = async (stack: TestStack): Promise<{ arn: string; claim: string }> => {
        await up(stack, withListener(v1));
        return { arn: String(stack.outputs("api").arn), claim: String(stack.outputs("api").ownershipClaim) };
    };

    /** The ARN holds `h` (leaf and chain, by fingerprint), the user's and certdeploy's tags, and `claim`. */
    const assertHolds = (arn: string, h: Hierarchy, claim: string, chainPem = h.chainPem): void => {
        const cert = live(arn);
        assert.ok(cert, `${arn} is live`);
        assert.deepEqual(
            acmLive(cert),
            pemIdentity(h.leaf.certPem, chainPem),
            "the live leaf and chain are the intended ones",
        );
        assert.deepEqual(cert.tags, {
            env: "production",
            "certdeploy-managed-by": "certdeploy",
            "certdeploy-certificate-id": `${PROJECT}/dev/api`,
            [CLAIM]: claim,
            [CHAIN_DIGEST]: chainDigestOf(chainPem),
        });
    };

    it("a new certificate gets a new ARN, created and verified first; the listener is repointed before the old ARN is deleted", async () => {
        const stack = newStack();
        const { arn: oldArn, claim: oldClaim } = await firstDeploy(stack);
        assertHolds(oldArn, v1, oldClaim);
        assert.equal(listenerArn(stack), oldArn);

        const mark = acm.calls().log.length;
        const rotated = await up(stack, withListener(v2));
        assert.deepEqual(
            ops(rotated),
            ["replace api", "update https", "delete(replaced) api"],
            "the engine's order: create new, update consumer, delete old",
        );
        assert.equal(rotated.steps[0].replaceMode, "create-before-delete");
        assert.deepEqual(rotated.steps[0].diff?.replaces, ["certificatePem", "privateKeyPem", "chainPem"]);

        const newArn = String(stack.outputs("api").arn);
        const newClaim = String(stack.outputs("api").ownershipClaim);
        assert.notEqual(newArn, oldArn, "a new ARN");
        assert.notEqual(newClaim, oldClaim, "with its own claim, although both share the default certificateId");
        assertHolds(newArn, v2, newClaim);
        assert.equal(live(oldArn), undefined, "the old ARN is deleted");
        assert.deepEqual([...acm.certificates().keys()], [newArn], "nothing else is left in ACM");
        assert.equal(stateIdentity(stack.outputs("api")).fingerprintAgrees, true);
        assert.deepEqual(
            pemIdentity(String(stack.outputs("api").certificatePem), String(stack.outputs("api").chainPem)),
            acmLive(live(newArn)!),
        );
        assert.equal((stack.outputs("api").lastDeployment as { result: string }).result, "succeeded");
        assert.equal(listenerArn(stack), newArn, "state points the listener at the new ARN");
        assert.equal(stack.customResources().length, 2, "no condemned entry left in state");

        // Order across the engine and the cloud: import + verify of the new ARN, then the listener update, then the delete.
        const calls = callsSince(mark);
        const writes = calls
            .filter((c) => WRITES.has(c.operation))
            .map((c) => `${c.operation} ${c.arn === oldArn ? "old" : c.arn === newArn ? "new" : c.arn}`);
        assert.deepEqual(
            writes,
            ["ImportCertificate new", "DeleteCertificate old"],
            "no re-import, no tag call on the old ARN; the new ARN is never deleted",
        );
        const verified = calls.filter((c) => c.operation === "GetCertificate" && c.arn === newArn).at(-1);
        const deleted = calls.find((c) => c.operation === "DeleteCertificate");
        const update = stack.standInCalls("https").find((r) => r.op === "update");
        assert.ok(verified && deleted && update);
        assert.equal(removeSecrets(update.inputs["certificateArn"]), newArn, "the listener received the new ARN");
        assert.ok(verified.at.getTime() <= update.at, "the new ARN was verified before the listener was repointed");
        assert.ok(
            update.at <= deleted.at.getTime(),
            "the listener held the new ARN before the old ARN's DeleteCertificate",
        );
        assert.ok(verified.seq < deleted.seq);
        assert.doesNotMatch(
            stack.hostLogs(),
            /is retained/,
            "the old resource's delete removed its own ARN, nothing retained",
        );
    });

    it("a listener that refuses the new ARN leaves the old ARN live and in use; the next up finishes the rotation", async () => {
        let refuse = true;
        const faults: StandInFaults = (call) =>
            refuse && call.op === "update" && call.name === "https"
                ? "the listener refused the certificate (stand-in fault: CertificateNotFound)"
                : undefined;
        const stack = newStack({ standInFaults: faults });
        const { arn: oldArn, claim: oldClaim } = await firstDeploy(stack);

        const mark = acm.calls().log.length;
        const failed = await stack.up(withListener(v2));
        assert.equal(failed.ok, false);
        assert.match(failed.errors.join("\n"), /the listener refused the certificate/);
        assert.deepEqual(
            ops(failed).filter((s) => s.startsWith("delete")),
            [],
            "a failed up deletes no condemned resource (deployment_executor.go: post steps run only without an error)",
        );
        // The old ARN: live, unchanged, still claimed by the old resource, and still what the listener uses.
        assertHolds(oldArn, v1, oldClaim);
        assert.equal(live(oldArn)!.importCount, 1, "never re-imported");
        assert.equal(listenerArn(stack), oldArn, "state still points the listener at the old ARN");
        assert.ok(!callsSince(mark).some((c) => c.operation === "DeleteCertificate"), "no DeleteCertificate at all");
        // The new ARN: created and verified, so Pulumi tracks it as the live `api`; the old one waits in state, condemned.
        const newArn = String(stack.outputs("api").arn);
        assert.notEqual(newArn, oldArn);
        assertHolds(newArn, v2, String(stack.outputs("api").ownershipClaim));
        const condemned = stack.engine.state.resources.filter((r) => r.delete);
        assert.deepEqual(
            condemned.map((r) => [r.id, r.outputs["ownershipClaim"]]),
            [[oldArn, oldClaim]],
            "the old resource stays in state marked for deletion (step.go CreateStep: pendingDelete)",
        );

        refuse = false;
        const finished = await up(stack, withListener(v2));
        assert.deepEqual(
            ops(finished),
            ["same api", "update https", "delete(replaced) api"],
            "the next up repoints the listener, then deletes the condemned resource",
        );
        assert.equal(listenerArn(stack), newArn);
        assert.equal(live(oldArn), undefined);
        assert.deepEqual([...acm.certificates().keys()], [newArn]);
        assert.equal(stack.engine.state.resources.filter((r) => r.delete).length, 0);
    });

    it("after a refused listener update, going back to the old certificate takes the old ARN back and deletes the unused new one", async () => {
        const faults: StandInFaults = (call) =>
            call.op === "update" && call.name === "https" ? "the listener refused the certificate" : undefined;
        const stack = newStack({ standInFaults: faults });
        const { arn: oldArn } = await firstDeploy(stack);
        assert.equal((await stack.up(withListener(v2))).ok, false);
        const unusedArn = String(stack.outputs("api").arn);

        const mark = acm.calls().log.length;
        const reverted = await up(stack, withListener(v1));
        assert.deepEqual(ops(reverted), ["replace api", "same https", "delete(replaced) api", "delete(replaced) api"]);
        assert.equal(
            String(stack.outputs("api").arn),
            oldArn,
            "the old ARN, recognised by certificate and chain digest, is taken back",
        );
        assert.ok(!callsSince(mark).some((c) => c.operation === "ImportCertificate"), "without an import");
        assertHolds(oldArn, v1, String(stack.outputs("api").ownershipClaim));
        assert.equal(live(unusedArn), undefined, "the unused new ARN is deleted");
        assert.deepEqual([...acm.certificates().keys()], [oldArn]);
        assert.equal(listenerArn(stack), oldArn);
        assert.match(
            stack.hostLogs(),
            new RegExp(`\\(${oldArn}\\) is retained, not deleted: it now carries claim created:`),
            "the first resource's delete leaves it to its holder",
        );
        assert.equal(stack.engine.state.resources.filter((r) => r.delete).length, 0);
    });

    it("a tags-only change and a rotation-only change are updates in place: same ARN, no import", async () => {
        const stack = newStack();
        const { arn, claim } = await firstDeploy(stack);

        const mark = acm.calls().log.length;
        const tagged = await up(stack, withListener(v1, { tags: { env: "production", team: "edge" } }));
        assert.deepEqual(ops(tagged), ["update api", "same https"]);
        assert.equal(stack.outputs("api").arn, arn);
        assert.equal(live(arn)!.tags.team, "edge");
        assert.equal(live(arn)!.importCount, 1);

        const inPlace = await up(stack, withListener(v1, { rotation: "in_place" }));
        assert.deepEqual(ops(inPlace), ["update api", "same https"], "rotation itself is no replacement");
        assert.equal(stack.outputs("api").arn, arn);
        assert.equal(live(arn)!.tags.team, undefined, "the tag dropped from the program is gone");
        assert.equal(
            live(arn)!.tags[CHAIN_DIGEST],
            chainDigestOf(v1.chainPem),
            "certdeploy's own tags are never removed (the runbook's policy denies it)",
        );

        const back = await up(stack, withListener(v1));
        assert.deepEqual(ops(back), ["update api", "same https"]);
        assertHolds(arn, v1, claim);
        assert.ok(
            !callsSince(mark).some((c) => c.operation === "ImportCertificate" || c.operation === "DeleteCertificate"),
            "no import, no delete",
        );
        assert.equal(acm.certificates().size, 1);

        // Under in_place a new certificate rotates the same ARN, as before.
        const rotated = await up(stack, withListener(v2, { rotation: "in_place" }));
        assert.deepEqual(ops(rotated), ["update api", "same https"]);
        assert.equal(stack.outputs("api").arn, arn);
        assert.deepEqual(acmLive(live(arn)!), pemIdentity(v2.leaf.certPem, v2.chainPem));
    });

    it("a chain that drops a certificate gets a new ARN with the shorter chain; the old ARN is not mistaken for a leftover of the new import", async () => {
        // Same leaf, chain [intermediate, root] → [intermediate]: the new chain is a prefix of the old one, which a
        // leftover search that tolerates trailing CA certificates would otherwise match.
        const stack = newStack();
        await up(stack, withListener(v1));
        const oldArn = String(stack.outputs("api").arn);
        const rotated = await up(stack, withListener(v1, { chainPem: v1.intermediate.certPem }));
        assert.deepEqual(ops(rotated), ["replace api", "update https", "delete(replaced) api"]);
        assert.deepEqual(rotated.steps[0].diff?.replaces, ["chainPem"]);
        const newArn = String(stack.outputs("api").arn);
        assert.notEqual(newArn, oldArn, "a fresh import, not the predecessor resumed");
        assertHolds(newArn, v1, String(stack.outputs("api").ownershipClaim), v1.intermediate.certPem);
        assert.equal(live(oldArn), undefined);
        assert.equal(listenerArn(stack), newArn);
    });

    it("a failed create of the new ARN removes only the new ARN; the old one stays live, claimed and in use", async () => {
        const stack = newStack();
        const { arn: oldArn, claim: oldClaim } = await firstDeploy(stack);
        // Same leaf, shorter chain (the case where the predecessor looks most like our own leftover); the import is
        // answered but not stored, so verify fails and the create cleans up every ARN it may have made.
        acm.injectFault({ operation: "ImportCertificate", kind: "ackNotApplied" });
        const failed = await stack.up(withListener(v1, { chainPem: v1.intermediate.certPem }));
        assert.equal(failed.ok, false);
        assertHolds(oldArn, v1, oldClaim);
        assert.deepEqual(
            [...acm.certificates().keys()],
            [oldArn],
            "the predecessor is not taken for a leftover of the failed import and deleted",
        );
        assert.equal(
            stack.engine.state.resources.filter((r) => r.delete).length,
            0,
            "the new resource never existed, so nothing is condemned",
        );
        assert.equal(String(stack.outputs("api").arn), oldArn, "state still holds the old resource as live");
        assert.equal(listenerArn(stack), oldArn);
    });

    it("refresh shows no certdeploy tag among the user's tags, so the next up keeps the claim and the chain digest", async () => {
        const stack = newStack();
        const { arn, claim } = await firstDeploy(stack);
        assert.equal((await stack.refresh()).ok, true);
        assert.deepEqual(stack.outputs("api").tags, { env: "production" });
        const again = await up(stack, withListener(v1));
        assert.deepEqual(ops(again), ["same api", "same https"]);
        assertHolds(arn, v1, claim);
    });

    it("blue_green with a pinned certificateArn is refused by check, in preview and in up, with no cloud call", async () => {
        const client = new ACMClient({
            region: "us-east-1",
            endpoint: acm.endpoint,
            credentials: { accessKeyId: "a", secretAccessKey: "b" },
        });
        const pinned = await client.send(
            new ImportCertificateCommand({
                Certificate: Buffer.from(v1.leaf.certPem),
                PrivateKey: Buffer.from(v1.leaf.keyPem),
                CertificateChain: Buffer.from(v1.chainPem),
            }),
        );
        client.destroy();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-bg-net-"));
        try {
            const netLog = path.join(dir, "net.jsonl");
            const stack = newStack({}, networkGuardEnv(netLog));
            const mark = acm.calls().log.length;
            const program = withListener(v1, { certificateArn: pinned.CertificateArn });
            for (const result of [await stack.preview(program), await stack.up(program)]) {
                assert.equal(result.ok, false);
                const failures = result.steps.find((s) => s.urn.endsWith("::api"))?.checkFailures ?? [];
                assert.equal(failures.length, 1, JSON.stringify(failures));
                assert.equal(failures[0].property, "rotation");
                assert.match(
                    failures[0].reason,
                    /"blue_green" creates a new ARN for every certificate change, but certificateArn pins one existing ARN/,
                );
                assert.match(failures[0].reason, /remove certificateArn .* or set rotation to "in_place"/);
            }
            assert.deepEqual(callsSince(mark), [], "no ACM call");
            assert.deepEqual(outboundAttempts(readNetworkLog(netLog)), [], "no network call from the provider host");
            assert.equal(stack.customResources().length, 0);

            // A pin that preview cannot know yet (another resource's output) is refused just the same.
            const unknownPin = await stack.preview(
                declare([
                    standIn(
                        "aws:acm/certificate:Certificate",
                        "elsewhere",
                        { domainName: "api.example.com" },
                        { outputs: ["arn"] },
                    ),
                    cert(v1, { certificateArn: output("elsewhere", "arn") }),
                ]),
            );
            assert.equal(unknownPin.ok, false);
            assert.equal(
                unknownPin.steps.find((s) => s.urn.endsWith("::api"))?.checkFailures?.[0]?.property,
                "rotation",
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("a preview shows the replacement (create-before-delete, the listener's update, the old ARN's delete) and writes nothing", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-bg-net-"));
        try {
            const netLog = path.join(dir, "net.jsonl");
            const stack = newStack({}, networkGuardEnv(netLog));
            await up(stack, withListener(v1));
            const arn = String(stack.outputs("api").arn);
            const before = stack.engine.stateJson();
            const mark = acm.calls().log.length;
            const netMark = readNetworkLog(netLog).length;
            const preview = await stack.preview(withListener(v2));
            assert.equal(preview.ok, true, preview.errors.join("\n"));
            assert.deepEqual(ops(preview), ["replace api", "update https", "delete(replaced) api"]);
            assert.ok(preview.steps.every((s) => s.status === "planned"));
            assert.equal(preview.steps[0].replaceMode, "create-before-delete");
            assert.deepEqual(preview.steps[0].diff?.replaces, ["certificatePem", "privateKeyPem", "chainPem"]);
            assert.match(
                stack.hostLogs(),
                /rotation "blue_green" and certificatePem, privateKeyPem, chainPem changed, so this is a replacement: a new ARN is imported and verified first, resources that take this arn are repointed to it, and the previous ARN arn:aws:acm:us-east-1:\d+:certificate\/[0-9a-f-]+ is deleted last/,
            );
            assert.deepEqual(callsSince(mark), [], "preview made no ACM call");
            assert.deepEqual(outboundAttempts(readNetworkLog(netLog).slice(netMark)), [], "and no network call");
            assert.equal(stack.engine.stateJson(), before, "preview writes no state");
            assertHolds(arn, v1, String(stack.outputs("api").ownershipClaim));
            assert.equal(acm.certificates().size, 1);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
