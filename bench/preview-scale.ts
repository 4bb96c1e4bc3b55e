/** `pulumi preview` of many resources through the harness engine (the real runtime, Check + Diff through the host). */
import { Engine } from "../test/harness/engine";
import { acmCertificate, declare, secret } from "../test/programs/spec";
import type { Hierarchy } from "../testing/pki";

export interface PreviewMeasurement {
    resources: number;
    previewMs: number;
    msPerResource: number;
    ok: boolean;
}

export async function measurePreview(h: Hierarchy, count: number): Promise<PreviewMeasurement> {
    const program = declare(
        Array.from({ length: count }, (_, i) =>
            acmCertificate(`r${i}`, { region: "us-east-1", certificatePem: h.leaf.certPem, privateKeyPem: secret(h.leaf.keyPem), chainPem: h.chainPem }),
        ),
    );
    const engine = new Engine({ project: "bench", stack: "preview" });
    const t0 = performance.now();
    const result = await engine.preview(program);
    const previewMs = performance.now() - t0;
    if (!result.ok) throw new Error(`preview of ${count} resources failed: ${result.errors.slice(0, 3).join("\n")}`);
    return { resources: count, previewMs: Math.round(previewMs), msPerResource: Number((previewMs / count).toFixed(2)), ok: result.ok };
}
