/** `pulumi preview` (Check + Diff through the host) of many resources: time per resource. */
import * as pulumi from "@pulumi/pulumi";
import { AcmCertificate } from "../sdk";
import { Engine } from "../test/harness/engine";
import { startProviderHost } from "../test/harness/host";
import { runProgram } from "../test/harness/program";
import type { Hierarchy } from "../testing/pki";

export async function measurePreview(h: Hierarchy, count: number): Promise<{ resources: number; programMs: number; previewMs: number; msPerResource: number; ok: boolean }> {
    const t0 = performance.now();
    const regs = await runProgram(
        () => {
            for (let i = 0; i < count; i++) {
                new AcmCertificate(`r${i}`, { region: "us-east-1", certificatePem: h.leaf.certPem, privateKeyPem: pulumi.secret(h.leaf.keyPem), chainPem: h.chainPem });
            }
        },
        { project: "bench", stack: "preview", preview: true },
    );
    const programMs = performance.now() - t0;
    const host = await startProviderHost({ project: "bench" });
    try {
        const t1 = performance.now();
        const result = await new Engine().preview(host, regs);
        const previewMs = performance.now() - t1;
        return { resources: count, programMs: Math.round(programMs), previewMs: Math.round(previewMs), msPerResource: Number((previewMs / count).toFixed(2)), ok: result.ok };
    } finally {
        await host.close();
    }
}
