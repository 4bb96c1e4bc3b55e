/**
 * Runs ACM matrix cells against one emulator. Rotations share a stack whose
 * state equals what is live after every cell (the invariant under test), so
 * each rotation costs one `pulumi up`; the stack is rebuilt whenever a cell
 * breaks that invariant, so one failure does not cascade. Each create runs in
 * a fresh stack with a leaf of its own domain (the orphan search lists by domain).
 */
import { ACMClient, ImportCertificateCommand } from "@aws-sdk/client-acm";
import { acmCertificate, declare, secret } from "../programs/spec";
import type { AcmEmulator, CertificateSnapshot, FaultHandle } from "../../testing/acm";
import { TestStack } from "../e2e/stack";
import { acmLive } from "../e2e/live-identity";
import type { ProgramRun } from "../harness/engine";
import type { AcmCell } from "./cells";
import { deploy, HeldCall } from "./deploy";
import { Leaf, LeafIssuer, sameIdentity } from "./material";
import { auditResults, Before, engineViolations, hasResource, killViolations, lastOutcome, Observation, stateTruthViolations, tagViolations } from "./observation";

const PROJECT = "certdeploy-faults";
const NAME = "api";

interface Chain {
    stack: TestStack;
    arn: string;
    current: Leaf;
}

export class AcmMatrixRunner {
    private chain: Chain | undefined;
    private stacks = 0;

    constructor(
        private readonly acm: AcmEmulator,
        private readonly issuer: LeafIssuer,
    ) {}

    async run(cell: AcmCell): Promise<Observation> {
        try {
            if (cell.flow === "pinned create") return await this.pinnedCreate(cell);
            return cell.flow === "rotate" ? await this.rotate(cell) : await this.create(cell);
        } finally {
            this.acm.clearFaults();
        }
    }

    close(): void {
        this.dropChain();
    }

    private program(leaf: Leaf, certificateArn?: string): ProgramRun {
        return declare([
            acmCertificate(NAME, {
                region: "us-east-1",
                certificatePem: leaf.certPem,
                privateKeyPem: secret(leaf.keyPem),
                chainPem: leaf.chainPem,
                tags: { env: "production" },
                endpoint: this.acm.endpoint,
                certificateArn,
            }),
        ]);
    }

    /** Which certificate is live, by leaf fingerprint and chain. */
    private static which(live: CertificateSnapshot | undefined, next: Leaf, old?: Leaf): "new" | "old" | "none" | "unknown" {
        if (!live) return "none";
        if (sameIdentity(acmLive(live), next.identity)) return "new";
        if (old && sameIdentity(acmLive(live), old.identity)) return "old";
        return "unknown";
    }

    private newStack(kind: string): TestStack {
        return new TestStack({}, PROJECT, `acm-${kind}-${++this.stacks}`);
    }

    /** A stack with one deployed certificate whose state equals what is live. */
    private async readyChain(needsHistory: boolean): Promise<Chain> {
        if (!this.chain) {
            const stack = this.newStack("rotate");
            const current = await this.issuer.leaf();
            const result = await stack.up(this.program(current));
            if (!result.ok) throw new Error(`could not create the rotation stack: ${result.errors.join("\n")}`);
            this.chain = { stack, arn: stack.outputs(NAME).arn as string, current };
        }
        const chain = this.chain;
        if (needsHistory && (this.acm.certificates().get(chain.arn)?.serialHistory.length ?? 0) < 2) {
            const next = await this.issuer.leaf();
            const result = await chain.stack.up(this.program(next));
            if (!result.ok) throw new Error(`could not rotate the stack once: ${result.errors.join("\n")}`);
            chain.current = next;
        }
        return chain;
    }

    private arm(cell: AcmCell): { held?: HeldCall } {
        const logged = (op: string): number => this.acm.calls().log.filter((r) => r.operation === op).length;
        const handles: FaultHandle[] = cell.faults.map((f) => this.acm.injectFault(f));
        if (cell.killDuring === undefined) return {};
        const spec = cell.faults[cell.killDuring];
        const handle = handles[cell.killDuring];
        const done = logged(spec.operation) + (spec.afterCalls ?? 0) + 1;
        return { held: { arrived: () => handle.hits >= 1, finished: () => logged(spec.operation) >= done } };
    }

    private async rotate(cell: AcmCell): Promise<Observation> {
        const chain = await this.readyChain(cell.needsHistory === true);
        const { stack, arn } = chain;
        const old = chain.current;
        const next = await this.issuer.next(old, cell.variant);
        const arnsBefore = new Set(this.acm.certificates().keys());
        const before: Before = { auditLines: auditResults(stack).length, lastDeployment: JSON.stringify(stack.outputs(NAME).lastDeployment) };
        const { held } = this.arm(cell);
        const deployed = await deploy(stack, this.program(next), held, () => this.acm.clearFaults());
        this.acm.clearFaults();

        const outcome = lastOutcome(stack, before);
        const live = this.acm.certificates().get(arn);
        const state = hasResource(stack, NAME) ? stack.outputs(NAME) : undefined;
        const violations = engineViolations(stack, NAME, deployed.result, outcome, before);
        const added = [...this.acm.certificates().keys()].filter((a) => !arnsBefore.has(a));
        if (added.length > 0) violations.push(`orphan ARNs: ${added.join(", ")}`);
        if (!live) violations.push("the ARN is gone");
        if (state?.arn !== arn) violations.push(`state ARN ${String(state?.arn)} is not the ARN ${arn}`);
        const truth = stateTruthViolations(state, live ? { identity: acmLive(live), tags: live.tags } : undefined);
        const stateMatchesLive = live !== undefined && state !== undefined && truth.length === 0;
        violations.push(...truth);
        if (live) violations.push(...tagViolations(live.tags, `${PROJECT}/${stack.stack}/${NAME}`, state?.ownershipClaim));
        const which = AcmMatrixRunner.which(live, next, old);
        if (which === "unknown") violations.push(`an unknown certificate (${live?.serial}) is live`);
        violations.push(...killViolations(cell, deployed));

        // Carry the stack to the next cell only while its state tells the truth.
        if (stateMatchesLive && (which === "new" || which === "old")) chain.current = which === "new" ? next : old;
        else this.dropChain();
        return {
            outcome,
            live: which,
            added: added.length,
            stateMatchesLive,
            violations,
            notes: [],
            errors: deployed.result.errors.join("\n"),
            pendingWhenKilled: deployed.pendingWhenKilled,
        };
    }

    private dropChain(): void {
        this.chain?.stack.cleanup();
        this.chain = undefined;
    }

    private async create(cell: AcmCell): Promise<Observation> {
        const stack = this.newStack("create");
        try {
            const next = await this.issuer.next(await this.issuer.leaf(`${stack.stack}.example.com`), cell.variant, `${stack.stack}.example.com`);
            const arnsBefore = new Set(this.acm.certificates().keys());
            const before: Before = { auditLines: 0 };
            const { held } = this.arm(cell);
            const deployed = await deploy(stack, this.program(next), held, () => this.acm.clearFaults());
            this.acm.clearFaults();

            const outcome = lastOutcome(stack, before);
            const state = hasResource(stack, NAME) ? stack.outputs(NAME) : undefined;
            const added = [...this.acm.certificates().keys()].filter((a) => !arnsBefore.has(a));
            const violations = engineViolations(stack, NAME, deployed.result, outcome, before);
            const stateArn = state?.arn as string | undefined;
            const orphans = added.filter((a) => a !== stateArn);
            if (orphans.length > 0) violations.push(`orphan ARNs not in state: ${orphans.join(", ")}`);
            const live = stateArn ? this.acm.certificates().get(stateArn) : added.length > 0 ? this.acm.certificates().get(added[0]) : undefined;
            if (stateArn && !live) violations.push(`state records ${stateArn}, which does not exist`);
            const truth =
                state === undefined
                    ? live === undefined
                        ? []
                        : ["state is empty but a certificate is live"]
                    : stateTruthViolations(state, live ? { identity: acmLive(live), tags: live.tags } : undefined);
            const stateMatchesLive = truth.length === 0;
            violations.push(...truth);
            if (live) violations.push(...tagViolations(live.tags, `${PROJECT}/${stack.stack}/${NAME}`, state?.ownershipClaim));
            const which = AcmMatrixRunner.which(live, next);
            if (which === "unknown") violations.push(`an unknown certificate (${live?.serial}) is live`);
            violations.push(...killViolations(cell, deployed));
            return {
                outcome,
                live: which,
                added: added.length,
                stateMatchesLive,
                violations,
                notes: [],
                errors: deployed.result.errors.join("\n"),
                pendingWhenKilled: deployed.pendingWhenKilled,
            };
        } finally {
            stack.cleanup();
        }
    }

    /** A create adopting an ARN someone imported outside certdeploy (no key of it in any state). */
    private async pinnedCreate(cell: AcmCell): Promise<Observation> {
        const stack = this.newStack("pinned");
        try {
            const domain = `${stack.stack}.example.com`;
            const original = await this.issuer.leaf(domain);
            const client = new ACMClient({ region: "us-east-1", endpoint: this.acm.endpoint, credentials: { accessKeyId: "a", secretAccessKey: "b" } });
            const imported = await client.send(
                new ImportCertificateCommand({
                    Certificate: Buffer.from(original.certPem),
                    PrivateKey: Buffer.from(original.keyPem),
                    CertificateChain: Buffer.from(original.chainPem),
                    Tags: [{ Key: "env", Value: "production" }],
                }),
            );
            client.destroy();
            const arn = imported.CertificateArn ?? "";
            const next = await this.issuer.leaf(domain);
            const arnsBefore = new Set(this.acm.certificates().keys());
            const { held } = this.arm(cell);
            const deployed = await deploy(stack, this.program(next, arn), held, () => this.acm.clearFaults());
            this.acm.clearFaults();

            const outcome = lastOutcome(stack, { auditLines: 0 });
            const state = hasResource(stack, NAME) ? stack.outputs(NAME) : undefined;
            const live = this.acm.certificates().get(arn);
            const added = [...this.acm.certificates().keys()].filter((a) => !arnsBefore.has(a));
            const violations = engineViolations(stack, NAME, deployed.result, outcome, { auditLines: 0 });
            if (added.length > 0) violations.push(`new ARNs: ${added.join(", ")}`);
            const which = AcmMatrixRunner.which(live, next, original);
            // A pinned create that changed nothing must leave nothing in state (the ARN is not certdeploy's); one that deployed must record it.
            const truth =
                state === undefined
                    ? which === "old"
                        ? []
                        : [`state is empty but ${which} is live on the pinned ARN`]
                    : stateTruthViolations(state, live ? { identity: acmLive(live), tags: live.tags } : undefined);
            violations.push(...truth);
            if (state && live) violations.push(...tagViolations(live.tags, `${PROJECT}/${stack.stack}/${NAME}`, state?.ownershipClaim));
            if (which === "unknown") violations.push("an unknown certificate is live on the pinned ARN");
            return {
                outcome,
                live: which,
                added: added.length,
                stateMatchesLive: truth.length === 0,
                violations,
                notes: [],
                errors: deployed.result.errors.join("\n"),
            };
        } finally {
            stack.cleanup();
        }
    }
}
