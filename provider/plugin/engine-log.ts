/**
 * Warnings the shared providers print (`console.error("warning: …")`) reach a
 * dynamic-provider user in the pulumi output, but the engine shows a resource
 * plugin's stderr only at debug verbosity. In the plugin process they are
 * therefore also sent to the engine's Log service (the engine address the
 * plugin is started with), with the URN of the call that printed them.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { redact } from "../deploy/errors";
import { loadGrpc } from "./grpc-runtime";

const callUrn = new AsyncLocalStorage<string>();

/** Runs one provider call with its URN attached to any warning it prints. */
export const withCallUrn = <T>(urn: string, run: () => T): T => callUrn.run(urn, run);

const WARNING = /^warning: ([\s\S]*)$/;
const inFlight = new Set<Promise<void>>();

/** Resolves once every warning sent so far was delivered (or failed): a call answers only after its warnings. */
export async function warningsSent(): Promise<void> {
    await Promise.all([...inFlight]);
}

/** Forwards `warning: …` lines to the engine (stderr keeps them too); returns the undo. */
export function forwardWarningsToEngine(engineAddress: string | undefined): () => void {
    if (!engineAddress) return () => undefined;
    const grpc = loadGrpc();
    const client = new EngineClient(engineAddress, grpc.credentials.createInsecure());
    const printToStderr = console.error;
    console.error = (...args: unknown[]): void => {
        printToStderr(...args);
        const match = WARNING.exec(args.map(String).join(" "));
        if (!match) return;
        const req = new LogRequest()
            .setSeverity(LogSeverity.WARNING)
            .setMessage(redact(match[1]))
            .setUrn(callUrn.getStore() ?? "");
        // Best effort: a warning that cannot be delivered is still on stderr.
        const sent = new Promise<void>((resolve) =>
            client.log(req, new grpc.Metadata(), { deadline: Date.now() + 10_000 }, () => resolve()),
        );
        inFlight.add(sent);
        void sent.then(() => inFlight.delete(sent));
    };
    return () => {
        console.error = printToStderr;
        client.close();
    };
}
