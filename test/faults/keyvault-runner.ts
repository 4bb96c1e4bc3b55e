/**
 * Runs Key Vault matrix cells against one Azure world (Key Vault and token
 * emulators behind the CONNECT proxy). As for ACM, rotations share a stack
 * and certificate name while state tells the truth; each create gets a fresh
 * stack and name. "Live" is the latest version, the one version-less ids serve.
 */
import { declare, keyVaultCertificate, secret } from "../programs/spec";
import type { AzureWorld } from "../../testing/keyvault/world";
import type { KeyVaultEmulator, KeyVaultOperation } from "../../testing/keyvault";
import { TestStack } from "../e2e/stack";
import { keyVaultLive } from "../e2e/live-identity";
import type { ProgramRun } from "../harness/engine";
import type { KeyVaultCell } from "./cells";
import { deploy, HeldCall } from "./deploy";
import { Leaf, LeafIssuer, sameIdentity } from "./material";
import { auditResults, Before, engineViolations, hasResource, killViolations, lastOutcome, Observation, stateTruthViolations, tagViolations } from "./observation";

const PROJECT = "certdeploy-faults";
const NAME = "agw";
export const FAULT_VAULT = "fault-vault";

interface Chain {
    stack: TestStack;
    certificateName: string;
    current: Leaf;
}

export class KeyVaultMatrixRunner {
    private chain: Chain | undefined;
    private stacks = 0;

    constructor(
        private readonly world: AzureWorld,
        private readonly issuer: LeafIssuer,
    ) {}

    private get kv(): KeyVaultEmulator {
        return this.world.keyVaultFor(FAULT_VAULT);
    }

    async run(cell: KeyVaultCell): Promise<Observation> {
        try {
            return cell.flow === "rotate" ? await this.rotate(cell) : await this.create(cell);
        } finally {
            this.kv.clearFaults();
        }
    }

    close(): void {
        this.chain?.stack.cleanup();
        this.chain = undefined;
    }

    private program(leaf: Leaf, certificateName: string): ProgramRun {
        return declare([
            keyVaultCertificate(NAME, {
                vaultUrl: this.world.vault(FAULT_VAULT),
                certificateName,
                certificatePem: leaf.certPem,
                privateKeyPem: secret(leaf.keyPem),
                chainPem: leaf.chainPem,
                tags: { env: "production" },
                credentialMode: "managed_identity",
            }),
        ]);
    }

    private newStack(kind: string): TestStack {
        return new TestStack(this.world.env("managed_identity"), PROJECT, `kv-${kind}-${++this.stacks}`);
    }

    private async readyChain(): Promise<Chain> {
        if (this.chain) return this.chain;
        const stack = this.newStack("rotate");
        const certificateName = `fm-${stack.stack}`;
        const current = await this.issuer.leaf();
        const result = await stack.up(this.program(current, certificateName));
        if (!result.ok) throw new Error(`could not create the rotation stack: ${result.errors.join("\n")}`);
        this.chain = { stack, certificateName, current };
        return this.chain;
    }

    private arm(cell: KeyVaultCell): { held?: HeldCall } {
        const kv = this.kv;
        const arrivedCount = (op: KeyVaultOperation): number => kv.calls().counts[op];
        const finishedCount = (op: KeyVaultOperation): number => kv.calls().log.filter((r) => r.operation === op && !r.challenged).length;
        const baseline = cell.killDuring === undefined ? undefined : cell.faults[cell.killDuring];
        const arrivedBefore = baseline ? arrivedCount(baseline.operation) : 0;
        const finishedBefore = baseline ? finishedCount(baseline.operation) : 0;
        for (const f of cell.faults) kv.injectFault(f);
        if (!baseline) return {};
        const nth = (baseline.afterCalls ?? 0) + 1;
        return {
            held: {
                arrived: () => arrivedCount(baseline.operation) >= arrivedBefore + nth,
                finished: () => finishedCount(baseline.operation) >= finishedBefore + nth,
            },
        };
    }

    private observe(
        cell: KeyVaultCell,
        stack: TestStack,
        certificateName: string,
        versionsBefore: number,
        before: Before,
        leaves: { next: Leaf; old?: Leaf },
        deployed: Awaited<ReturnType<typeof deploy>>,
    ): Observation {
        const outcome = lastOutcome(stack, before);
        const latest = this.kv.latest(certificateName);
        const state = hasResource(stack, NAME) ? stack.outputs(NAME) : undefined;
        const violations = engineViolations(stack, NAME, deployed.result, outcome, before);
        const thumbprint = latest?.x5tHex.toUpperCase();
        const truth = stateTruthViolations(state, latest ? { identity: keyVaultLive(latest), tags: latest.tags, version: latest.version } : undefined);
        if (state && latest && String(state.thumbprint).toUpperCase() !== thumbprint) truth.push(`state thumbprint ${String(state.thumbprint)} but ${thumbprint} is latest`);
        const stateMatchesLive = truth.length === 0;
        violations.push(...truth);
        const notes: string[] = [];
        if (latest) violations.push(...tagViolations(latest.tags, `${PROJECT}/${stack.stack}/${NAME}`, state?.ownershipClaim));
        const liveId = latest ? keyVaultLive(latest) : undefined;
        const which = !liveId ? "none" : sameIdentity(liveId, leaves.next.identity) ? "new" : leaves.old && sameIdentity(liveId, leaves.old.identity) ? "old" : "unknown";
        if (which === "unknown") violations.push(`an unknown certificate (${thumbprint}) is latest`);
        violations.push(...killViolations(cell, deployed));
        return {
            outcome,
            live: which,
            added: this.kv.versions(certificateName).length - versionsBefore,
            stateMatchesLive,
            violations,
            notes,
            errors: deployed.result.errors.join("\n"),
            pendingWhenKilled: deployed.pendingWhenKilled,
        };
    }

    private async rotate(cell: KeyVaultCell): Promise<Observation> {
        const chain = await this.readyChain();
        const { stack, certificateName } = chain;
        const old = chain.current;
        const next = await this.issuer.next(old, cell.variant);
        const versionsBefore = this.kv.versions(certificateName).length;
        const before: Before = { auditLines: auditResults(stack).length, lastDeployment: JSON.stringify(stack.outputs(NAME).lastDeployment) };
        const { held } = this.arm(cell);
        const deployed = await deploy(stack, this.program(next, certificateName), held, () => this.kv.clearFaults());
        this.kv.clearFaults();
        const seen = this.observe(cell, stack, certificateName, versionsBefore, before, { next, old }, deployed);
        if (seen.stateMatchesLive && (seen.live === "new" || seen.live === "old")) chain.current = seen.live === "new" ? next : old;
        else {
            stack.cleanup();
            this.chain = undefined;
        }
        return seen;
    }

    private async create(cell: KeyVaultCell): Promise<Observation> {
        const stack = this.newStack("create");
        try {
            const certificateName = `fm-${stack.stack}`;
            const next = await this.issuer.leaf();
            const { held } = this.arm(cell);
            const deployed = await deploy(stack, this.program(next, certificateName), held, () => this.kv.clearFaults());
            this.kv.clearFaults();
            return this.observe(cell, stack, certificateName, 0, { auditLines: 0 }, { next }, deployed);
        } finally {
            stack.cleanup();
        }
    }
}
