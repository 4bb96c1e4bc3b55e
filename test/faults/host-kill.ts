/**
 * Crashing the provider host mid-operation. TestStack starts one host per
 * command and keeps it to itself, so the host is found as what it is: the
 * child of this test process running @pulumi/pulumi's dynamic-provider
 * script, with the stack's own audit-log path in its environment (several
 * stacks may run at once). Killed by its pid only.
 */
import * as fs from "node:fs";

/** Pids of this process's children that run the dynamic-provider host with `envEntry` set (Linux /proc). */
export function providerHostPids(envEntry: string): number[] {
    const pids: number[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            // pid (comm) state ppid …: comm may hold spaces, so split after the last ')'.
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            if (ppid !== process.pid) continue;
            const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
            if (!cmdline.some((arg) => arg.includes("dynamic-provider"))) continue;
            if (fs.readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(envEntry))
                pids.push(Number(entry));
        } catch {
            // the process ended while we looked
        }
    }
    return pids;
}

/** SIGKILLs the provider host a TestStack is running (found by its audit-log path); throws unless exactly one is. */
export function killProviderHost(auditFile: string): number {
    const pids = providerHostPids(`CERTDEPLOY_AUDIT_LOG=${auditFile}`);
    if (pids.length !== 1) throw new Error(`expected one provider host for ${auditFile}, found ${pids.length}`);
    process.kill(pids[0], "SIGKILL");
    return pids[0];
}

/**
 * Polls `condition` every 10 ms until it holds; throws after `timeoutMs`
 * (generous: a command now boots the Node language runtime and the host first).
 */
export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}
