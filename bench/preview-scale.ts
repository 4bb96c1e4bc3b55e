/**
 * `pulumi preview` of many resources through the harness engine (the real
 * runtime; Check and Diff through the host), beside the same number of a
 * trivial dynamic resource (the harness's Widget) in the same run: the ratio
 * is what certdeploy's own Check costs over the floor the SDK, the runtime and
 * the host impose.
 */
import type { Hierarchy } from "../testing/pki";
import { Engine } from "../test/harness/engine";
import { acmCertificate, declare, secret, widget } from "../test/programs/spec";
import type { ProgramRun } from "../test/harness/language-runtime";

export interface PreviewComparison {
    resources: number;
    certdeployMs: number;
    trivialMs: number;
    /** certdeploy / trivial; the goal is ≤ 2. */
    ratio: number;
    certdeployMsPerResource: number;
}

async function previewMs(program: ProgramRun, what: string, count: number): Promise<number> {
    const engine = new Engine({ project: "bench", stack: "preview", parallel: 8 });
    const result = await engine.preview(program);
    if (!result.ok || result.steps.length !== count)
        throw new Error(`${what}: preview of ${count} failed: ${result.errors.slice(0, 3).join("\n")}`);
    return result.durationMs;
}

export async function measurePreview(h: Hierarchy, count: number): Promise<PreviewComparison> {
    const certificates = declare(
        Array.from({ length: count }, (_, i) =>
            acmCertificate(`r${i}`, {
                region: "us-east-1",
                certificatePem: h.leaf.certPem,
                privateKeyPem: secret(h.leaf.keyPem),
                chainPem: h.chainPem,
            }),
        ),
    );
    const trivial = declare(Array.from({ length: count }, (_, i) => widget(`w${i}`, { name: `w${i}`, size: i })));
    // Trivial first, so a cold disk cache does not favour it.
    const trivialMs = await previewMs(trivial, "trivial", count);
    const certdeployMs = await previewMs(certificates, "certdeploy", count);
    return {
        resources: count,
        certdeployMs,
        trivialMs,
        ratio: Number((certdeployMs / trivialMs).toFixed(2)),
        certdeployMsPerResource: Number((certdeployMs / count).toFixed(2)),
    };
}
