/**
 * Starts the plugin as the Pulumi engine expects a resource plugin to start:
 * `pulumi-resource-certdeploy [--logtostderr] [-v=N] [--tracing URL] <engine-address>`,
 * a gRPC server on loopback, and the port as the first line of stdout
 * (pulumi sdk/go/common/resource/plugin/plugin.go reads exactly that line).
 */
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { loadGrpc } from "./grpc-runtime";
import { packageRoot, packageVersion, schemaText } from "./package-files";
import { PluginProvider } from "./plugin-provider";
import { forwardWarningsToEngine } from "./engine-log";
import { resourceProviderService } from "./grpc-service";

export interface PluginServer {
    port: number;
    /** The engine address from the arguments (undefined when started without one). */
    engineAddress: string | undefined;
    shutdown(): Promise<void>;
}

/** The engine address among the plugin arguments: flags the engine prepends are skipped. */
export function engineAddressOf(args: readonly string[]): string | undefined {
    const positional: string[] = [];
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === "--tracing") i += 1;
        else if (!arg.startsWith("-")) positional.push(arg);
    }
    return positional[0];
}

/** Binds 127.0.0.1 on a free port, serves pulumirpc.ResourceProvider, prints the port. */
export async function startPluginServer(
    args: readonly string[],
    print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<PluginServer> {
    const grpc = loadGrpc();
    const root = packageRoot();
    const server = new grpc.Server({
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    server.addService(
        ResourceProviderService,
        resourceProviderService(new PluginProvider(), { version: packageVersion(root), schema: schemaText(root) }),
    );
    const port = await new Promise<number>((resolve, reject) => {
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
            err ? reject(err) : resolve(bound),
        );
    });
    const engineAddress = engineAddressOf(args);
    const stopForwarding = forwardWarningsToEngine(engineAddress);
    print(String(port));
    return {
        port,
        engineAddress,
        shutdown: () =>
            new Promise<void>((resolve) => {
                stopForwarding();
                server.tryShutdown(() => resolve());
            }),
    };
}

/** Runs the plugin until the engine stops it; a failure to start is reported on stderr with exit code 1. */
export function runPlugin(args: readonly string[]): void {
    startPluginServer(args).catch((e: unknown) => {
        console.error(`certdeploy plugin failed to start: ${e instanceof Error ? e.message : String(e)}`);
        process.exitCode = 1;
    });
}
