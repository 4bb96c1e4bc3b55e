/**
 * Runs matrix cells of one target against its emulator; the target supplies
 * only what differs (live-acm.ts, live-keyvault.ts): the program, the faults,
 * and what is live. Rotations share a stack whose state equals what is live
 * after every cell (the invariant under test), so each rotation costs one
 * `pulumi up`; the stack is rebuilt whenever a cell breaks that invariant, so
 * one failure does not cascade. Each create runs in a fresh stack.
 */
import { TestStack } from "../e2e/stack";
import type { ProgramRun } from "../harness/engine";
import type { Cell, Live } from "./cells";
import { deploy, HeldCall } from "./deploy";
import { Leaf, LeafIssuer, sameIdentity } from "./material";
import {
    auditResults,
    Before,
    engineViolations,
    hasResource,
    killViolations,
    lastOutcome,
    LiveTruth,
    Observation,
    stateTruthViolations,
    tagViolations,
} from "./observation";

export const PROJECT = "certdeploy-faults";

type State = Record<string, unknown> | undefined;

/** What the emulator shows for one resource after a cell. */
export interface LiveRead {
    /** The live certificate; undefined when nothing is live. */
    truth?: LiveTruth;
    /** ARNs (ACM) or versions (Key Vault) the cell added. */
    added: number;
    /** Target invariants: orphan ARNs, a lost ARN, an ARN state should not name. */
    violations: string[];
    /** State-versus-live differences only this target has (the Key Vault thumbprint). */
    stateDiffers: string[];
    /** The violation when neither the old nor the new certificate is live. */
    unknown: string;
}

/** A fresh stack's resource: where it deploys and, when it adopts one imported outside certdeploy, the certificate already there. */
export interface FreshResource<S> {
    slot: S;
    next: Leaf;
    adopted?: { original: Leaf; where: string };
}

/** The target-specific part of a matrix run. S says where a resource lives in the target (a certificate name, an ARN). */
export interface LiveTarget<C extends Cell, S> {
    /** Stack names start with it ("acm", "kv"). */
    readonly prefix: string;
    /** The resource's name in the program. */
    readonly name: string;
    env(): Record<string, string>;
    program(leaf: Leaf, slot: S): ProgramRun;
    /** Where the rotation stack's resource lives, before its first `pulumi up`. */
    rotationSlot(stack: TestStack): S;
    /** The same, once that first `pulumi up` has deployed it. */
    deployedSlot(stack: TestStack, slot: S): S;
    /** False when the resource holds no earlier certificate yet (cells with needsHistory rotate once more first). */
    hasHistory?(slot: S): boolean;
    fresh(stack: TestStack, cell: C, issuer: LeafIssuer): Promise<FreshResource<S>>;
    /** Injects the cell's faults; with `killDuring`, returns the call to kill the host during. */
    arm(cell: C): HeldCall | undefined;
    clearFaults(): void;
    /** Marks what exists now and returns the reader of what is live afterwards. */
    watch(slot: S): (state: State) => LiveRead;
}

interface Chain<S> {
    stack: TestStack;
    slot: S;
    current: Leaf;
}

/** Which certificate is live, by leaf fingerprint and chain. */
function whichIsLive(live: LiveTruth | undefined, next: Leaf, old?: Leaf): Live | "unknown" {
    if (!live) return "none";
    if (sameIdentity(live.identity, next.identity)) return "new";
    if (old && sameIdentity(live.identity, old.identity)) return "old";
    return "unknown";
}

export class MatrixRunner<C extends Cell, S> {
    private chain: Chain<S> | undefined;
    private stacks = 0;

    constructor(
        private readonly target: LiveTarget<C, S>,
        private readonly issuer: LeafIssuer,
    ) {}

    async run(cell: C): Promise<Observation> {
        try {
            return cell.flow === "rotate" ? await this.rotate(cell) : await this.create(cell);
        } finally {
            this.target.clearFaults();
        }
    }

    close(): void {
        this.dropChain();
    }

    private newStack(kind: string): TestStack {
        return new TestStack(this.target.env(), PROJECT, `${this.target.prefix}-${kind}-${++this.stacks}`);
    }

    private dropChain(): void {
        this.chain?.stack.cleanup();
        this.chain = undefined;
    }

    /** A stack with one deployed certificate whose state equals what is live. */
    private async readyChain(needsHistory: boolean): Promise<Chain<S>> {
        if (!this.chain) {
            const stack = this.newStack("rotate");
            const slot = this.target.rotationSlot(stack);
            const current = await this.issuer.leaf();
            const result = await stack.up(this.target.program(current, slot));
            if (!result.ok) throw new Error(`could not create the rotation stack: ${result.errors.join("\n")}`);
            this.chain = { stack, slot: this.target.deployedSlot(stack, slot), current };
        }
        const chain = this.chain;
        const lacksHistory = needsHistory && this.target.hasHistory?.(chain.slot) === false;
        if (lacksHistory) {
            const next = await this.issuer.leaf();
            const result = await chain.stack.up(this.target.program(next, chain.slot));
            if (!result.ok) throw new Error(`could not rotate the stack once: ${result.errors.join("\n")}`);
            chain.current = next;
        }
        return chain;
    }

    private async rotate(cell: C): Promise<Observation> {
        const chain = await this.readyChain(cell.needsHistory === true);
        const { stack, slot } = chain;
        const old = chain.current;
        const next = await this.issuer.next(old, cell.variant);
        const before: Before = {
            auditLines: auditResults(stack).length,
            lastDeployment: JSON.stringify(stack.outputs(this.target.name).lastDeployment),
        };
        const seen = await this.attempt(cell, stack, slot, before, { next, old });
        // Carry the stack to the next cell only while its state tells the truth.
        if (seen.stateMatchesLive && (seen.live === "new" || seen.live === "old"))
            chain.current = seen.live === "new" ? next : old;
        else this.dropChain();
        return seen;
    }

    private async create(cell: C): Promise<Observation> {
        const stack = this.newStack(cell.flow === "pinned create" ? "pinned" : "create");
        try {
            const { slot, next, adopted } = await this.target.fresh(stack, cell, this.issuer);
            return await this.attempt(
                cell,
                stack,
                slot,
                { auditLines: 0 },
                { next, old: adopted?.original },
                adopted?.where,
            );
        } finally {
            stack.cleanup();
        }
    }

    /** Applies the cell's faults, runs the up (and kill), and observes what is live against state. */
    private async attempt(
        cell: C,
        stack: TestStack,
        slot: S,
        before: Before,
        leaves: { next: Leaf; old?: Leaf },
        adoptedWhere?: string,
    ): Promise<Observation> {
        const { name } = this.target;
        const read = this.target.watch(slot);
        const held = this.target.arm(cell);
        const deployed = await deploy(stack, this.target.program(leaves.next, slot), held, () =>
            this.target.clearFaults(),
        );
        this.target.clearFaults();

        const outcome = lastOutcome(stack, before);
        const state = hasResource(stack, name) ? stack.outputs(name) : undefined;
        const live = read(state);
        const violations = engineViolations(stack, name, deployed.result, outcome, before);
        violations.push(...live.violations);
        const which = whichIsLive(live.truth, leaves.next, leaves.old);
        // An adopted certificate nobody deployed may stay live with nothing in state (it is not certdeploy's).
        const adoptedLeftAlone = adoptedWhere !== undefined && state === undefined;
        const truth: string[] = [];
        if (adoptedLeftAlone) {
            if (which !== "old") truth.push(`state is empty but ${which} is live on ${adoptedWhere}`);
        } else {
            truth.push(...stateTruthViolations(state, live.truth), ...live.stateDiffers);
        }
        violations.push(...truth);
        if (live.truth && !adoptedLeftAlone)
            violations.push(
                ...tagViolations(live.truth.tags, `${PROJECT}/${stack.stack}/${name}`, state?.ownershipClaim),
            );
        if (which === "unknown") violations.push(live.unknown);
        violations.push(...killViolations(cell, deployed));
        // A rotation must end with its resource both live and in state.
        const rotationKeptResource = cell.flow !== "rotate" || (live.truth !== undefined && state !== undefined);
        return {
            outcome,
            live: which,
            added: live.added,
            stateMatchesLive: rotationKeptResource && truth.length === 0,
            violations,
            notes: [],
            errors: deployed.result.errors.join("\n"),
            pendingWhenKilled: deployed.pendingWhenKilled,
        };
    }
}
