/**
 * The files of the installed certdeploy package the plugin answers with:
 * its version (GetPluginInfo) and schema.json (GetSchema), read from the
 * package root so that what the engine receives is the shipped file itself.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The nearest directory above `start` whose package.json names certdeploy. */
export function packageRoot(start: string = __dirname): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (
            fs.existsSync(manifest) &&
            (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: unknown }).name === "certdeploy"
        )
            return dir;
        if (path.dirname(dir) === dir)
            throw new Error(
                `certdeploy plugin: no certdeploy package.json above ${start}; reinstall the certdeploy package`,
            );
    }
}

export function packageVersion(root: string = packageRoot()): string {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version?: unknown };
    if (typeof version !== "string")
        throw new Error(`certdeploy plugin: ${path.join(root, "package.json")} has no version`);
    return version;
}

export function schemaText(root: string = packageRoot()): string {
    return fs.readFileSync(path.join(root, "schema.json"), "utf8");
}
