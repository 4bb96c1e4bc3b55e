/**
 * AcmCertificate behind a mandatory proxy: no endpoint override, so the SDK
 * calls the real name https://acm.us-east-1.amazonaws.com; HTTPS_PROXY points
 * at the loopback CONNECT proxy, which terminates TLS for that name with the
 * test CA (NODE_EXTRA_CA_CERTS) and hands the stream to the ACM emulator. The
 * provider host's own connects and DNS lookups are recorded: it never dials
 * or resolves the ACM name itself.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { samePem } from "../../provider/material/compare";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { writeCaFile, type CaFile } from "../../testing/tls/ca-file";
import { startConnectProxy, type ConnectProxy } from "../../testing/tls/connect-proxy";
import { createTestCa } from "../../testing/pki";
import { networkGuardEnv, outboundAttempts, readNetworkLog } from "../harness/network-log";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { acmCertificate, declare, type Args, certificateInputs } from "../programs/spec";
import { TestStack } from "./stack";

const ACM_HOST = "acm.us-east-1.amazonaws.com";

describe("AcmCertificate through an HTTPS_PROXY", () => {
    let acm: AcmEmulator;
    let proxy: ConnectProxy;
    let caFile: CaFile;
    let v1: Hierarchy;
    let v2: Hierarchy;
    const netDir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-net-"));

    before(async () => {
        const ca = await createTestCa();
        [acm, caFile, v1, v2] = await Promise.all([
            startAcmEmulator(),
            writeCaFile(ca.certificatePem),
            hierarchy("api.example.com"),
            hierarchy("api.example.com"),
        ]);
        proxy = await startConnectProxy({
            ca,
            allowList: [ACM_HOST],
            route: (host) => (host === ACM_HOST ? acm.handler : undefined),
        });
    });
    after(async () => {
        await proxy.close();
        await acm.close();
        await caFile.remove();
        fs.rmSync(netDir, { recursive: true, force: true });
    });

    const program = (h: Hierarchy, extra: Args = {}) =>
        declare([
            acmCertificate("api", {
                region: "us-east-1",
                ...certificateInputs(h),
                tags: { env: "production" },
                ...extra,
            }),
        ]);

    it("create, rotate and delete reach acm.us-east-1.amazonaws.com only through the proxy, which saw every call", async () => {
        const netLog = path.join(netDir, "proxied.jsonl");
        const stack = new TestStack({
            HTTPS_PROXY: proxy.url,
            NO_PROXY: "127.0.0.1,localhost",
            NODE_EXTRA_CA_CERTS: caFile.path,
            ...networkGuardEnv(netLog),
        });
        try {
            acm.resetCalls();
            const created = await stack.up(program(v1));
            assert.equal(created.ok, true, created.errors.join("\n"));
            const arn = String(stack.outputs("api").arn);
            const rotated = await stack.up(program(v2));
            assert.equal(rotated.ok, true, rotated.errors.join("\n"));
            assert.equal(stack.outputs("api").arn, arn, "rotated in place");
            assert.ok(
                samePem(acm.certificates().get(arn)?.certificatePem, v2.leaf.certPem),
                "the new certificate is live",
            );
            assert.equal(acm.certificates().get(arn)?.tags["certdeploy-certificate-id"], "certdeploy-e2e/dev/api");
            const destroyed = await stack.destroy();
            assert.equal(destroyed.ok, true, destroyed.errors.join("\n"));
            assert.equal(acm.certificates().has(arn), false, "deleted");

            const calls = acm.calls().log;
            const operations = calls.map((c) => c.operation);
            for (const op of ["ImportCertificate", "AddTagsToCertificate", "DeleteCertificate"])
                assert.ok(operations.includes(op), op);
            assert.ok(
                calls.every((c) => c.host === ACM_HOST),
                "every call the emulator answered was addressed to the real ACM name",
            );
            const forwarded = proxy.requests();
            assert.deepEqual(
                forwarded.map((r) => r.amzTarget),
                operations.map((op) => `CertificateManager.${op}`),
                "the proxy forwarded every call, in order",
            );
            assert.ok(forwarded.every((r) => r.host === ACM_HOST && r.hostHeader === ACM_HOST));
            assert.ok(
                proxy.connects().every((c) => c.host === ACM_HOST && c.port === 443 && c.outcome === "tunnelled"),
            );

            const outbound = outboundAttempts(readNetworkLog(netLog));
            assert.ok(
                outbound.some((e) => e.kind === "connect" && e.port === proxy.port),
                "the provider host connected to the proxy",
            );
            assert.deepEqual(
                outbound.filter((e) => e.host === ACM_HOST),
                [],
                "the provider host never resolved or dialled the ACM name itself",
            );
        } finally {
            stack.cleanup();
        }
    });

    it("NO_PROXY names reach their endpoint directly, as the Azure SDK's NO_PROXY does", async () => {
        const stack = new TestStack({ HTTPS_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1" });
        try {
            const before = proxy.requests().length;
            const connectsBefore = proxy.connects().length;
            const created = await stack.up(program(v1, { endpoint: acm.endpoint }));
            assert.equal(created.ok, true, created.errors.join("\n"));
            const destroyed = await stack.destroy();
            assert.equal(destroyed.ok, true, destroyed.errors.join("\n"));
            assert.equal(proxy.requests().length, before, "nothing went through the proxy");
            assert.equal(proxy.connects().length, connectsBefore);
        } finally {
            stack.cleanup();
        }
    });
});
