import { startAcmEmulator } from "./index";

/** Manual use: `node dist/testing/acm/main.js [port]` prints the endpoint and serves until Ctrl-C. */
async function main(): Promise<void> {
    const port = Number(process.argv[2] ?? process.env.ACM_EMULATOR_PORT ?? 0);
    const emulator = await startAcmEmulator({
        port,
        documentedRateLimits: process.env.ACM_EMULATOR_RATE_LIMITS === "1",
    });
    process.stdout.write(`ACM emulator listening on ${emulator.endpoint} (account ${emulator.accountId})\n`);
    const stop = (): void => {
        emulator.close().then(
            () => process.exit(0),
            () => process.exit(1),
        );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
    process.stderr.write(`acm emulator failed to start: ${String(error)}\n`);
    process.exit(1);
});
