/**
 * The Key Vault part of a matrix run: one Azure world (Key Vault and token
 * emulators behind the CONNECT proxy), a resource by certificate name, fresh
 * per stack. "Live" is the latest version, the one version-less ids serve.
 */
import { declare, keyVaultCertificate, secret } from "../programs/spec";
import type { AzureWorld } from "../../testing/keyvault/world";
import type { KeyVaultEmulator, KeyVaultOperation } from "../../testing/keyvault";
import type { TestStack } from "../e2e/stack";
import { keyVaultLive } from "../e2e/live-identity";
import type { ProgramRun } from "../harness/engine";
import type { KeyVaultCell } from "./cells";
import type { HeldCall } from "./deploy";
import type { Leaf, LeafIssuer } from "./material";
import type { FreshResource, LiveRead, LiveTarget } from "./matrix-runner";

export const FAULT_VAULT = "fault-vault";

/** The slot is the certificate name. */
export class LiveKeyVault implements LiveTarget<KeyVaultCell, string> {
    readonly prefix = "kv";
    readonly name = "agw";

    constructor(private readonly world: AzureWorld) {}

    private get kv(): KeyVaultEmulator {
        return this.world.keyVaultFor(FAULT_VAULT);
    }

    env(): Record<string, string> {
        return this.world.env("managed_identity");
    }

    program(leaf: Leaf, certificateName: string): ProgramRun {
        return declare([
            keyVaultCertificate(this.name, {
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

    rotationSlot(stack: TestStack): string {
        return `fm-${stack.stack}`;
    }

    deployedSlot(_stack: TestStack, certificateName: string): string {
        return certificateName;
    }

    async fresh(stack: TestStack, _cell: KeyVaultCell, issuer: LeafIssuer): Promise<FreshResource<string>> {
        return { slot: `fm-${stack.stack}`, next: await issuer.leaf() };
    }

    arm(cell: KeyVaultCell): HeldCall | undefined {
        const kv = this.kv;
        const arrivedCount = (op: KeyVaultOperation): number => kv.calls().counts[op];
        const finishedCount = (op: KeyVaultOperation): number =>
            kv.calls().log.filter((r) => r.operation === op && !r.challenged).length;
        const baseline = cell.killDuring === undefined ? undefined : cell.faults[cell.killDuring];
        const arrivedBefore = baseline ? arrivedCount(baseline.operation) : 0;
        const finishedBefore = baseline ? finishedCount(baseline.operation) : 0;
        for (const f of cell.faults) kv.injectFault(f);
        if (!baseline) return undefined;
        const nth = (baseline.afterCalls ?? 0) + 1;
        return {
            arrived: () => arrivedCount(baseline.operation) >= arrivedBefore + nth,
            finished: () => finishedCount(baseline.operation) >= finishedBefore + nth,
        };
    }

    clearFaults(): void {
        this.kv.clearFaults();
    }

    watch(certificateName: string): (state: Record<string, unknown> | undefined) => LiveRead {
        const versionsBefore = this.kv.versions(certificateName).length;
        return (state) => {
            const latest = this.kv.latest(certificateName);
            const thumbprint = latest?.x5tHex.toUpperCase();
            const stateDiffers: string[] = [];
            if (state && latest && String(state.thumbprint).toUpperCase() !== thumbprint)
                stateDiffers.push(`state thumbprint ${String(state.thumbprint)} but ${thumbprint} is latest`);
            return {
                truth: latest
                    ? { identity: keyVaultLive(latest), tags: latest.tags, version: latest.version }
                    : undefined,
                added: this.kv.versions(certificateName).length - versionsBefore,
                violations: [],
                stateDiffers,
                unknown: `an unknown certificate (${thumbprint}) is latest`,
            };
        };
    }
}
