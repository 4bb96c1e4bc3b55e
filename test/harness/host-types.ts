/** The typed surface of a provider host (see host.ts for the gRPC implementation). */
import type { ExitInfo, HostProcessOptions } from "./host-process";
import type { ProviderMethod } from "./provider-error";
import type { PropertyMap } from "./wire";

export interface HostOptions extends HostProcessOptions {
    /** Sets PULUMI_NODEJS_PROJECT / PULUMI_PROJECT as the engine does (the host's Config uses it). */
    project?: string;
    /** Deadline for each gRPC call; default none, as in the engine (provider_plugin.go). */
    callTimeoutMs?: number;
}

export interface ConfigureResult {
    acceptSecrets: boolean;
    acceptResources: boolean;
    acceptOutputs: boolean;
    supportsPreview: boolean;
}
export interface CheckFailure {
    property: string;
    reason: string;
}
export interface CheckResult {
    inputs: PropertyMap;
    failures: CheckFailure[];
}
export type DiffChanges = "unknown" | "none" | "some";
export interface DiffResult {
    changes: DiffChanges;
    replaces: string[];
    stables: string[];
    diffs: string[];
    deleteBeforeReplace: boolean;
}
export interface CreateResult {
    id: string;
    properties: PropertyMap;
}
export interface ReadResult {
    /** "" when the provider reports that the resource no longer exists. */
    id: string;
    properties: PropertyMap;
    /** Present only when the provider returned inputs. */
    inputs?: PropertyMap;
}
export interface UpdateResult {
    properties: PropertyMap;
}

export interface ProviderHost {
    readonly pid: number;
    readonly port: number;
    /** The temporary program directory the host runs in (removed by close/kill). */
    readonly programDir: string;
    configure(variables?: Record<string, string>): Promise<ConfigureResult>;
    check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult>;
    diff(
        id: string,
        urn: string,
        olds: PropertyMap,
        news: PropertyMap,
        oldInputs?: PropertyMap,
        ignoreChanges?: string[],
    ): Promise<DiffResult>;
    create(urn: string, props: PropertyMap, preview?: boolean, timeoutSeconds?: number): Promise<CreateResult>;
    read(id: string, urn: string, props: PropertyMap, inputs?: PropertyMap): Promise<ReadResult>;
    update(
        id: string,
        urn: string,
        olds: PropertyMap,
        news: PropertyMap,
        preview?: boolean,
        oldInputs?: PropertyMap,
        options?: { timeoutSeconds?: number; ignoreChanges?: string[] },
    ): Promise<UpdateResult>;
    delete(
        id: string,
        urn: string,
        props: PropertyMap,
        oldInputs?: PropertyMap,
        timeoutSeconds?: number,
    ): Promise<void>;
    /** Everything the host wrote so far. */
    logs(): { stdout: string; stderr: string };
    /** Calls made per method (counted when sent, whatever the outcome). */
    callCounts(): Record<ProviderMethod, number>;
    /** Peak RSS in bytes (VmHWM); after close/kill, the value sampled just before stopping. */
    peakRssBytes(): number | undefined;
    exitStatus(): ExitInfo | undefined;
    /** SIGKILL, as a crash mid-operation; in-flight calls fail with UNAVAILABLE. */
    kill(): Promise<ExitInfo>;
    /** Closes the client, terminates the host, removes the program directory. Idempotent. */
    close(): Promise<ExitInfo>;
}
