/**
 * The package as a user gets it: `npm pack` on a copy of the checkout (no
 * dist/: prepack must build it), installed into an empty project from the
 * tarball with npm's local cache, then used there: `npx certdeploy --help`,
 * `npx certdeploy demo`, `require("certdeploy/testing")`, and the README's
 * quickstart and testing programs type-checked against the installed types.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { builtinModules } from "node:module";
import { findRepoRoot } from "../harness/host-process";
import { readmeBlock } from "./readme-blocks";

const run = promisify(execFile);
const repo = findRepoRoot(__dirname);
const manifest = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
    devDependencies: Record<string, string>;
};
const installed = (name: string): string =>
    (JSON.parse(fs.readFileSync(path.join(repo, "node_modules", name, "package.json"), "utf8")) as { version: string })
        .version;

interface Ran {
    code: number;
    stdout: string;
    stderr: string;
}

/** npm and npx as a user runs them; npm's own update check and funding notices off. */
async function sh(command: string, args: string[], cwd: string, timeoutMs: number): Promise<Ran> {
    const env = {
        ...process.env,
        npm_config_update_notifier: "false",
        npm_config_fund: "false",
        npm_config_audit: "false",
    };
    try {
        const { stdout, stderr } = await run(command, args, {
            cwd,
            env,
            timeout: timeoutMs,
            maxBuffer: 64 * 1024 * 1024,
            killSignal: "SIGKILL",
        });
        return { code: 0, stdout, stderr };
    } catch (e) {
        const failed = e as { code?: number | string; stdout?: string; stderr?: string };
        return {
            code: typeof failed.code === "number" ? failed.code : -1,
            stdout: failed.stdout ?? "",
            stderr: failed.stderr ?? String(e),
        };
    }
}

const walk = (dir: string): string[] =>
    fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));

describe("the packed package, installed into an empty project", { timeout: 600_000 }, () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-pack-"));
    const source = path.join(work, "source");
    const app = path.join(work, "app");
    let tarball: string;
    let packed: string[];
    let installedRoot: string;

    before(async () => {
        // A fresh clone's files: tracked and untracked-but-not-ignored, so no dist/.
        const listed = await sh("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], repo, 60_000);
        assert.equal(listed.code, 0, listed.stderr);
        for (const file of listed.stdout.split("\0").filter((f) => f !== "" && fs.existsSync(path.join(repo, f)))) {
            fs.mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
            fs.copyFileSync(path.join(repo, file), path.join(source, file));
        }
        fs.symlinkSync(path.join(repo, "node_modules"), path.join(source, "node_modules"), "dir");
        const pack = await sh("npm", ["pack", "--json", "--pack-destination", work], source, 300_000);
        assert.equal(pack.code, 0, pack.stderr);
        const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as {
            filename: string;
            files: { path: string }[];
        }[];
        tarball = path.join(work, info.filename);
        packed = info.files.map((f) => f.path);

        fs.mkdirSync(app);
        fs.writeFileSync(
            path.join(app, "package.json"),
            JSON.stringify({ name: "first-five-minutes", private: true, version: "1.0.0" }),
        );
        const install = await sh(
            "npm",
            [
                "install",
                "--prefer-offline",
                tarball,
                `@pulumi/pulumi@${installed("@pulumi/pulumi")}`,
                `@types/node@${installed("@types/node")}`,
            ],
            app,
            300_000,
        );
        assert.equal(install.code, 0, install.stderr);
        installedRoot = path.join(app, "node_modules", "certdeploy");
    });

    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("prepack built dist/: the tarball holds the compiled SDK, provider, CLI, testing emulators and demo, with LICENSE and the docs README links to", () => {
        for (const file of [
            "package.json",
            "LICENSE",
            "README.md",
            "CHANGELOG.md",
            "schema.json",
            "dist/sdk/index.js",
            "dist/sdk/index.d.ts",
            "dist/provider/index.js",
            "dist/cli/main.js",
            "dist/testing/index.js",
            "dist/testing/index.d.ts",
            "dist/demo/run.js",
            "docs/runbook.md",
            "docs/upgrading.md",
            "docs/other-languages.md",
            "PulumiPlugin.yaml",
            "dist/schema.json",
            "cli/README.md",
            "testing/README.md",
        ]) {
            assert.ok(packed.includes(file), `${file} is packed`);
        }
        assert.deepEqual(
            packed.filter((f) => f.endsWith(".test.js") || (f.endsWith(".ts") && !f.endsWith(".d.ts"))),
            [],
            "no tests and no TypeScript sources",
        );
        assert.match(
            fs.readFileSync(path.join(installedRoot, "LICENSE"), "utf8"),
            /Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/,
        );
    });

    it("every source map it ships carries its sources", () => {
        const maps = walk(installedRoot).filter((f) => f.endsWith(".js.map"));
        assert.ok(maps.length > 50, `${maps.length} maps`);
        for (const map of maps) {
            const parsed = JSON.parse(fs.readFileSync(map, "utf8")) as {
                sources: string[];
                sourcesContent?: (string | null)[];
            };
            assert.equal(
                parsed.sourcesContent?.length,
                parsed.sources.length,
                `${path.relative(installedRoot, map)} has sourcesContent`,
            );
            assert.ok(
                parsed.sourcesContent?.every((s) => typeof s === "string" && s.length > 0),
                path.relative(installedRoot, map),
            );
        }
    });

    it("requires at run time only its dependencies, its peer @pulumi/pulumi and Node's own modules", () => {
        const allowed = new Set([
            manifest.name,
            ...Object.keys(manifest.dependencies),
            ...Object.keys(manifest.peerDependencies),
        ]);
        assert.ok(
            !("@pulumi/pulumi" in manifest.dependencies),
            "@pulumi/pulumi is a peer dependency, not a dependency",
        );
        assert.ok("@pulumi/pulumi" in manifest.devDependencies, "and a devDependency for the repository's own build");
        const builtins = new Set(builtinModules);
        const used = new Set<string>();
        for (const file of walk(path.join(installedRoot, "dist")).filter((f) => f.endsWith(".js"))) {
            for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/(?<![.\w$])require\("([^".][^"]*)"\)/g)) {
                const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
                if (!builtins.has(name.replace(/^node:/, ""))) used.add(name);
            }
        }
        assert.deepEqual([...used].filter((n) => !allowed.has(n)).sort(), [], "undeclared runtime imports");
        assert.deepEqual(
            Object.keys(manifest.dependencies)
                .filter((n) => !used.has(n))
                .sort(),
            [],
            "declared dependencies nothing requires",
        );
    });

    it("npx certdeploy --help works from the project", async () => {
        const help = await sh("npx", ["--no", "--", "certdeploy", "--help"], app, 60_000);
        assert.equal(help.code, 0, help.stderr);
        assert.match(help.stdout, /^Usage: certdeploy /);
        for (const command of ["validate", "inspect", "report", "audit", "demo"])
            assert.match(help.stdout, new RegExp(`^ {2}${command}\\b`, "m"));
        const version = await sh("npx", ["--no", "--", "certdeploy", "--version"], app, 60_000);
        assert.equal(version.stdout.trim(), manifest.version);
    });

    it("npx certdeploy demo runs from the installed package and prints the true restore", async () => {
        const demo = await sh("npx", ["--no", "--", "certdeploy", "demo"], app, 300_000);
        assert.equal(demo.code, 0, `${demo.stdout}\n${demo.stderr}`);
        assert.match(
            demo.stdout,
            /^ {2}up: failed \((?=.*update api failed)(?=.*same api-agw succeeded).*\) in \d+ ms$/m,
        );
        assert.match(demo.stdout, /"result":"rolled_back"/);
        assert.match(demo.stdout, /✔ the previous certificate and its key were re-imported from state and verified/);
        assert.match(demo.stdout, /demo: every step happened as shown/);
        assert.doesNotMatch(demo.stdout + demo.stderr, /PRIVATE KEY|✘/);
    });

    it("certdeploy/testing starts and stops its emulators from the project", async () => {
        const script = [
            'const t = require("certdeploy/testing");',
            "(async () => {",
            "  const acm = await t.startAcmEmulator();",
            '  const azure = await t.startAzureWorld({ vaults: ["prod-vault"] });',
            '  const h = await t.createTestHierarchy("api.example.com");',
            '  console.log(acm.endpoint.startsWith("http://127.0.0.1:"), azure.vault("prod-vault"), h.leaf.certPem.startsWith("-----BEGIN CERTIFICATE-----"));',
            "  await acm.close(); await azure.close();",
            "})().catch((e) => { console.error(e); process.exitCode = 1; });",
        ].join("\n");
        const ran = await sh(process.execPath, ["-e", script], app, 60_000);
        assert.equal(ran.code, 0, ran.stderr);
        assert.equal(ran.stdout.trim(), "true https://prod-vault.vault.azure.net true");
    });

    it("the README's quickstart, testing and sets programs type-check against the installed package", async () => {
        fs.writeFileSync(
            path.join(app, "index.ts"),
            readmeBlock(fs.readFileSync(path.join(installedRoot, "README.md"), "utf8"), "Quick start"),
        );
        fs.writeFileSync(
            path.join(app, "offline.test.ts"),
            readmeBlock(fs.readFileSync(path.join(installedRoot, "README.md"), "utf8"), "Testing your program offline"),
        );
        fs.writeFileSync(
            path.join(app, "sets.ts"),
            readmeBlock(fs.readFileSync(path.join(installedRoot, "README.md"), "utf8"), "Several regions or vaults"),
        );
        fs.writeFileSync(
            path.join(app, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: {
                    target: "ES2022",
                    module: "node16",
                    moduleResolution: "node16",
                    strict: true,
                    noEmit: true,
                    types: ["node"],
                    esModuleInterop: true,
                    skipLibCheck: true,
                },
                files: ["index.ts", "offline.test.ts", "sets.ts"],
            }),
        );
        const tsc = await sh(
            process.execPath,
            [path.join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", app],
            app,
            120_000,
        );
        assert.equal(tsc.code, 0, tsc.stdout + tsc.stderr);
    });
});
