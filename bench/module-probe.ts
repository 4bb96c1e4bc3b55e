/**
 * Preloaded into the provider host by the benchmark (NODE_OPTIONS=--require):
 * writes which cloud SDKs the host has loaded, every 100 ms, to
 * CERTDEPLOY_MODULE_PROBE, so a benchmark can tell that an ACM-only stack never
 * loads the Azure SDK and the reverse.
 */
import * as fs from "node:fs";

const out = process.env.CERTDEPLOY_MODULE_PROBE;
if (out) {
    const write = (): void => {
        const loaded = Object.keys(require.cache);
        const sdks = {
            aws: loaded.some((p) => p.includes("@aws-sdk/client-acm")),
            azure: loaded.some((p) => p.includes("@azure/keyvault-certificates") || p.includes("@azure/identity")),
        };
        fs.writeFileSync(out, JSON.stringify(sdks));
    };
    setInterval(write, 100).unref();
    write();
}
