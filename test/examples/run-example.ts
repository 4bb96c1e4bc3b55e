/**
 * Runs `examples/<name>/index.ts` the way `pulumi up` runs that project: its
 * own folder as the working directory, its own install of @pulumi/pulumi
 * (the runtime is resolved from there), TypeScript through the runtime's
 * ts-node, configuration from `pulumi config set` keys.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ProgramRun } from "../harness/engine";
import type { StandInOutputs } from "../harness/engine-providers";
import type { PropertyMap } from "../harness/wire";
import { examplesRoot } from "./load-example";

/** The project name in examples/<example>/Pulumi.yaml (the namespace of its config). */
export function exampleProject(example: string): string {
    const yaml = fs.readFileSync(path.join(examplesRoot, example, "Pulumi.yaml"), "utf8");
    const name = /^name:\s*(\S+)\s*$/m.exec(yaml)?.[1];
    if (!name) throw new Error(`examples/${example}/Pulumi.yaml has no name`);
    return name;
}

/**
 * @param config project config (`pulumi config set key value`); keys with a
 *   colon (`aws:region`) are taken as they are.
 * @param secrets project config keys set with `--secret`.
 */
export function exampleProgram(example: string, config: Record<string, string>, secrets: string[] = []): ProgramRun {
    const project = exampleProject(example);
    const key = (k: string): string => (k.includes(":") ? k : `${project}:${k}`);
    const dir = path.join(examplesRoot, example);
    return {
        file: path.join(dir, "index.ts"),
        cwd: dir,
        typescript: true,
        config: Object.fromEntries(Object.entries(config).map(([k, v]) => [key(k), v])),
        secretConfig: secrets.map(key),
    };
}

/** What the stand-ins add to their inputs: an ARN for AWS resources, identity ids for a managed identity. */
export const exampleOutputs: StandInOutputs = ({ type, name, id }): PropertyMap | undefined => {
    if (type.startsWith("aws:")) return { arn: `arn:aws:standin:::${type.split(":").pop() ?? type}/${name}/${id}` };
    if (type === "azure-native:managedidentity:UserAssignedIdentity")
        return { principalId: `principal-${id}`, clientId: `client-${id}` };
    return undefined;
};
