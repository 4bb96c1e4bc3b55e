/** The installed certdeploy package's root: the nearest directory above this file whose package.json is named certdeploy. */
import * as fs from "node:fs";
import * as path from "node:path";

export function packageRoot(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest) && readName(manifest) === "certdeploy") return dir;
        if (path.dirname(dir) === dir) throw new Error(`no certdeploy package.json above ${from}`);
    }
}

function readName(manifest: string): unknown {
    try {
        return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: unknown }).name;
    } catch {
        return undefined;
    }
}

export function packageVersion(): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as {
        version?: unknown;
    };
    return typeof manifest.version === "string" ? manifest.version : "unknown";
}
