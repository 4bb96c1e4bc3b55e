import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import { Engine } from "./engine";
import { startProviderHost } from "./host";
import { networkGuardEnv, outboundAttempts, readNetworkLog } from "./network-log";
import { runProgram } from "./program";
import { createWidgetCloud } from "./fixtures/cloud";
import { Widget } from "./fixtures/widget";

const settings = { project: "harness", stack: "dev" };

/** A loopback TCP server counting the connections it accepts. */
async function withLoopbackServer(body: (port: number, accepted: () => number) => Promise<void>): Promise<void> {
    let count = 0;
    const server = net.createServer((socket) => {
        count += 1;
        socket.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    assert.ok(address && typeof address === "object");
    try {
        await body(address.port, () => count);
    } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }
}

void test("preview through a guarded host records no network call; a create that dials out is recorded", async () => {
    const cloud = createWidgetCloud();
    const log = `${cloud.dir}.net.jsonl`;
    try {
        await withLoopbackServer(async (port, accepted) => {
            const program = (): void => {
                new Widget("direct", { name: "d", connectTo: `127.0.0.1:${port}` });
                new Widget("named", { name: "n", connectTo: `localhost:${port}` });
            };
            const engine = new Engine();
            const host = await startProviderHost({ env: { WIDGET_CLOUD_DIR: cloud.dir, ...networkGuardEnv(log) } });
            try {
                const preview = await engine.preview(host, await runProgram(program, { ...settings, preview: true }));
                assert.equal(preview.ok, true, preview.errors.join("\n"));
                assert.deepEqual(readNetworkLog(log), [], "the host's own gRPC server is not reported");

                const up = await engine.up(host, await runProgram(program, settings));
                assert.equal(up.ok, true, up.errors.join("\n"));
            } finally {
                await host.close();
            }
            const events = outboundAttempts(readNetworkLog(log));
            const connects = events.filter((e) => e.kind === "connect").map((e) => `${e.host}:${e.port}`);
            assert.deepEqual(connects.sort(), [`127.0.0.1:${port}`, `localhost:${port}`]);
            assert.ok(
                events.some((e) => e.kind === "lookup" && e.host === "localhost"),
                "the DNS lookup is recorded too",
            );
            assert.ok(events.every((e) => e.pid === host.pid && !e.denied && e.stack.length > 0));
            assert.ok(accepted() >= 1);
        });
    } finally {
        cloud.dispose();
        fs.rmSync(log, { force: true });
    }
});

void test("with deny, the guard records the attempt and fails it before any packet leaves", async () => {
    const cloud = createWidgetCloud();
    const log = `${cloud.dir}.net.jsonl`;
    try {
        await withLoopbackServer(async (port, accepted) => {
            const host = await startProviderHost({ env: { WIDGET_CLOUD_DIR: cloud.dir, ...networkGuardEnv(log, { deny: true }) } });
            try {
                const regs = await runProgram(() => {
                    new Widget("direct", { name: "d", connectTo: `127.0.0.1:${port}` });
                }, settings);
                const up = await new Engine().up(host, regs);
                assert.equal(up.ok, true, "the widget swallows its connect error");
            } finally {
                await host.close();
            }
            assert.deepEqual(
                readNetworkLog(log).map((e) => ({ kind: e.kind, host: e.host, port: e.port, denied: e.denied })),
                [{ kind: "connect", host: "127.0.0.1", port, denied: true }],
            );
            assert.equal(accepted(), 0);
        });
    } finally {
        cloud.dispose();
        fs.rmSync(log, { force: true });
    }
});
