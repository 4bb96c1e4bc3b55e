/**
 * Runs a cell's `pulumi up`: plainly, or with the provider host killed while
 * a held call waits in the emulator, followed by the same `pulumi up` with a
 * fresh host (what a user does after a crash).
 */
import type { OperationResult, ProgramRun } from "../harness/engine";
import type { TestStack } from "../e2e/stack";
import { killProviderHost, waitUntil } from "./host-kill";

/** A call the emulator holds (latency fault): when it has arrived, and when the emulator has finished it. */
export interface HeldCall {
    arrived(): boolean;
    finished(): boolean;
}

export interface Deployed {
    result: OperationResult;
    /** Kill cells: "updating"/"creating", the engine's pending operation while the host died. */
    pendingWhenKilled?: string;
    /** Kill cells: the gRPC status code the killed call failed with (14 UNAVAILABLE). */
    killedErrorCode?: number;
}

export async function deploy(
    stack: TestStack,
    program: ProgramRun,
    held: HeldCall | undefined,
    clearFaults: () => void,
): Promise<Deployed> {
    if (!held) return { result: await stack.up(program) };
    const first = stack.up(program);
    try {
        await waitUntil("the held call reached the emulator", () => held.arrived());
    } catch (e) {
        await first; // never leave the operation running
        throw e;
    }
    const pendingWhenKilled = stack.engine.state.pending_operations.map((p) => p.type).join(",");
    killProviderHost(stack.auditFile);
    const killed = await first;
    await waitUntil("the emulator finished the held call", () => held.finished());
    clearFaults();
    const killedErrorCode = killed.steps.find((s) => s.status === "failed")?.errorCode;
    return { result: await stack.up(program), pendingWhenKilled, killedErrorCode };
}
