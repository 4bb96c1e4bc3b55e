/**
 * The ACM part of a matrix run: one emulator, a resource by ARN. A fresh
 * create gets a leaf of its own domain (the orphan search lists by domain);
 * a pinned create adopts an ARN imported outside certdeploy (no key of it in any state).
 */
import { ACMClient, ImportCertificateCommand } from "@aws-sdk/client-acm";
import { acmCertificate, declare, secret } from "../programs/spec";
import type { AcmEmulator, CertificateSnapshot, FaultHandle } from "../../testing/acm";
import type { TestStack } from "../e2e/stack";
import { acmLive } from "../e2e/live-identity";
import type { ProgramRun } from "../harness/engine";
import type { AcmCell } from "./cells";
import type { HeldCall } from "./deploy";
import type { Leaf, LeafIssuer } from "./material";
import type { LiveTruth } from "./observation";
import type { FreshResource, LiveRead, LiveTarget } from "./matrix-runner";

/** Where the resource lives: not yet known (a fresh import), the ARN it deployed to, or an ARN pinned in the program. */
export type AcmSlot = { kind: "fresh" } | { kind: "deployed"; arn: string } | { kind: "pinned"; arn: string };

const truthOf = (live: CertificateSnapshot | undefined): LiveTruth | undefined =>
    live ? { identity: acmLive(live), tags: live.tags } : undefined;

export class LiveAcm implements LiveTarget<AcmCell, AcmSlot> {
    readonly prefix = "acm";
    readonly name = "api";

    constructor(private readonly acm: AcmEmulator) {}

    env(): Record<string, string> {
        return {};
    }

    program(leaf: Leaf, slot: AcmSlot): ProgramRun {
        return declare([
            acmCertificate(this.name, {
                region: "us-east-1",
                certificatePem: leaf.certPem,
                privateKeyPem: secret(leaf.keyPem),
                chainPem: leaf.chainPem,
                tags: { env: "production" },
                endpoint: this.acm.endpoint,
                certificateArn: slot.kind === "pinned" ? slot.arn : undefined,
            }),
        ]);
    }

    rotationSlot(): AcmSlot {
        return { kind: "fresh" };
    }

    deployedSlot(stack: TestStack): AcmSlot {
        return { kind: "deployed", arn: stack.outputs(this.name).arn as string };
    }

    hasHistory(slot: AcmSlot): boolean {
        const arn = slot.kind === "fresh" ? "" : slot.arn;
        return (this.acm.certificates().get(arn)?.serialHistory.length ?? 0) >= 2;
    }

    async fresh(stack: TestStack, cell: AcmCell, issuer: LeafIssuer): Promise<FreshResource<AcmSlot>> {
        const domain = `${stack.stack}.example.com`;
        if (cell.flow !== "pinned create")
            return {
                slot: { kind: "fresh" },
                next: await issuer.next(await issuer.leaf(domain), cell.variant, domain),
            };
        const original = await issuer.leaf(domain);
        const client = new ACMClient({
            region: "us-east-1",
            endpoint: this.acm.endpoint,
            credentials: { accessKeyId: "a", secretAccessKey: "b" },
        });
        const imported = await client.send(
            new ImportCertificateCommand({
                Certificate: Buffer.from(original.certPem),
                PrivateKey: Buffer.from(original.keyPem),
                CertificateChain: Buffer.from(original.chainPem),
                Tags: [{ Key: "env", Value: "production" }],
            }),
        );
        client.destroy();
        return {
            slot: { kind: "pinned", arn: imported.CertificateArn ?? "" },
            next: await issuer.leaf(domain),
            adopted: { original, where: "the pinned ARN" },
        };
    }

    arm(cell: AcmCell): HeldCall | undefined {
        const logged = (op: string): number => this.acm.calls().log.filter((r) => r.operation === op).length;
        const handles: FaultHandle[] = cell.faults.map((f) => this.acm.injectFault(f));
        if (cell.killDuring === undefined) return undefined;
        const spec = cell.faults[cell.killDuring];
        const handle = handles[cell.killDuring];
        const done = logged(spec.operation) + (spec.afterCalls ?? 0) + 1;
        return { arrived: () => handle.hits >= 1, finished: () => logged(spec.operation) >= done };
    }

    clearFaults(): void {
        this.acm.clearFaults();
    }

    watch(slot: AcmSlot): (state: Record<string, unknown> | undefined) => LiveRead {
        const arnsBefore = new Set(this.acm.certificates().keys());
        return (state) => {
            const certificates = this.acm.certificates();
            const added = [...certificates.keys()].filter((a) => !arnsBefore.has(a));
            const violations: string[] = [];
            let live: CertificateSnapshot | undefined;
            if (slot.kind === "fresh") {
                const stateArn = state?.arn as string | undefined;
                const orphans = added.filter((a) => a !== stateArn);
                if (orphans.length > 0) violations.push(`orphan ARNs not in state: ${orphans.join(", ")}`);
                const liveArn = stateArn ?? added.at(0);
                live = liveArn === undefined ? undefined : certificates.get(liveArn);
                if (stateArn && !live) violations.push(`state records ${stateArn}, which does not exist`);
            } else if (slot.kind === "pinned") {
                live = certificates.get(slot.arn);
                if (added.length > 0) violations.push(`new ARNs: ${added.join(", ")}`);
            } else {
                live = certificates.get(slot.arn);
                if (added.length > 0) violations.push(`orphan ARNs: ${added.join(", ")}`);
                if (!live) violations.push("the ARN is gone");
                if (state?.arn !== slot.arn)
                    violations.push(`state ARN ${String(state?.arn)} is not the ARN ${slot.arn}`);
            }
            const unknown =
                slot.kind === "pinned"
                    ? "an unknown certificate is live on the pinned ARN"
                    : `an unknown certificate (${live?.serial}) is live`;
            return { truth: truthOf(live), added: added.length, violations, stateDiffers: [], unknown };
        };
    }
}
