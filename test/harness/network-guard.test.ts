import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import { declare, widget } from "../programs/spec";
import { Engine } from "./engine";
import { networkGuardEnv, outboundAttempts, readNetworkLog } from "./network-log";
import { createWidgetCloud } from "./fixtures/cloud";

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
            const program = declare([
                widget("direct", { name: "d", connectTo: `127.0.0.1:${port}` }),
                widget("named", { name: "n", connectTo: `localhost:${port}` }),
            ]);
            const engine = new Engine({
                ...settings,
                host: { env: { WIDGET_CLOUD_DIR: cloud.dir, ...networkGuardEnv(log) } },
            });
            const preview = await engine.preview(program);
            assert.equal(preview.ok, true, preview.errors.join("\n"));
            assert.deepEqual(readNetworkLog(log), [], "the host's own gRPC server is not reported");

            const up = await engine.up(program);
            assert.equal(up.ok, true, up.errors.join("\n"));
            const events = outboundAttempts(readNetworkLog(log));
            const connects = events.filter((e) => e.kind === "connect").map((e) => `${e.host}:${e.port}`);
            assert.deepEqual(connects.sort(), [`127.0.0.1:${port}`, `localhost:${port}`]);
            assert.ok(
                events.some((e) => e.kind === "lookup" && e.host === "localhost"),
                "the DNS lookup is recorded too",
            );
            // Recorded in the host (not this process, and not the program: the guard is in the host's environment only).
            assert.ok(events.every((e) => e.pid !== process.pid && !e.denied && e.stack.length > 0));
            assert.equal(new Set(events.map((e) => e.pid)).size, 1, "one host for the up");
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
            const engine = new Engine({
                ...settings,
                host: { env: { WIDGET_CLOUD_DIR: cloud.dir, ...networkGuardEnv(log, { deny: true }) } },
            });
            const up = await engine.up(declare([widget("direct", { name: "d", connectTo: `127.0.0.1:${port}` })]));
            assert.equal(up.ok, true, "the widget swallows its connect error");
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
