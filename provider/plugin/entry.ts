/**
 * The package `main` doubles as the plugin's entry point. For a plugin
 * directory with `PulumiPlugin.yaml` (runtime: nodejs) the Node language host
 * runs `@pulumi/pulumi/cmd/run-plugin <package dir> <engine-address>`, which
 * `require`s the directory, i.e. package.json `main` (pulumi
 * sdk/nodejs/cmd/pulumi-language-nodejs RunPlugin, sdk/nodejs/cmd/run-plugin/run.ts).
 * Only that load starts the server: `import "certdeploy"` from a program, even
 * from another Node plugin, just gets the SDK.
 */
import * as path from "node:path";

const RUN_PLUGIN = path.join("@pulumi", "pulumi", "cmd", "run-plugin", "run.js");

/** True when `mod` was required directly by run-plugin as the plugin program (not through some other module). */
export function isLoadedAsPluginProgram(mod: NodeModule): boolean {
    const runner = Object.values(require.cache).find((m) => m?.filename.endsWith(path.sep + RUN_PLUGIN));
    return runner !== undefined && runner.children.some((child) => child.filename === mod.filename);
}

/**
 * Starts the plugin server when `mod` is the plugin program; run-plugin left the plugin arguments in process.argv.
 * The program then exports nothing: run-plugin would serve any exported ComponentResource class (an
 * AcmCertificateSet, say) as a component provider of its own, printing a second port.
 */
export function startIfLoadedAsPlugin(mod: NodeModule): void {
    if (!isLoadedAsPluginProgram(mod)) return;
    mod.exports = {};
    // The server and its gRPC runtime load only in the plugin process.
    (require("./serve") as typeof import("./serve")).runPlugin(process.argv.slice(2));
}
