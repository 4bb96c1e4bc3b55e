/** The README a user reads on the registry page: users first, links that work there, the contributor commands CI runs. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { findRepoRoot } from "../harness/host-process";

const repo = findRepoRoot(__dirname);
const readme = fs.readFileSync(path.join(repo, "README.md"), "utf8");
const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);

describe("README.md", () => {
    it("opens with install, supported versions and a quick start; contributors come after the user sections", () => {
        assert.deepEqual(headings.slice(0, 3), ["Install", "Supported versions", "Quick start"]);
        assert.equal(headings.at(-1), "Contributing");
        assert.match(readme, /^npm install certdeploy @pulumi\/pulumi$/m);
    });

    it("keeps the two fresh-machine commands at the top of the contributor section, and CI runs the test command", () => {
        const contributing = readme.slice(readme.indexOf("## Contributing"));
        const block = /```bash\n([\s\S]*?)```/.exec(contributing)?.[1] ?? "";
        assert.deepEqual(
            block
                .trim()
                .split("\n")
                .map((l) => l.split("#")[0].trim()),
            ["npm ci && npm run demo", "npm ci && npm test"],
        );
        const ci = fs.readFileSync(path.join(repo, ".ci", "run"), "utf8");
        assert.match(ci, /^npm ci\b/m);
        assert.match(ci, /^(\w+=\S+ )*npm test$/m, ".ci/run runs `npm test`");
    });

    it("links only to absolute https URLs or anchors, so they work from the registry page", () => {
        const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
        assert.ok(links.length > 5);
        assert.deepEqual(
            links.filter((l) => !l.startsWith("https://") && !l.startsWith("#")),
            [],
        );
    });
});
