/** Every command answers --help with exit 0; usage mistakes exit 2, as text and as JSON. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { jsonOf, runCli } from "./run-cli";

const COMMANDS = [
    [],
    ["validate"],
    ["inspect"],
    ["inspect", "acm"],
    ["inspect", "keyvault"],
    ["report"],
    ["audit"],
    ["demo"],
];

describe("certdeploy usage", () => {
    for (const command of COMMANDS) {
        it(`certdeploy ${[...command, "--help"].join(" ")} prints its usage and exits 0`, async () => {
            const run = await runCli([...command, "--help"]);
            assert.equal(run.code, 0, run.stderr);
            assert.ok(
                run.stdout.startsWith(`Usage: certdeploy${command.length > 0 ? ` ${command.join(" ")}` : ""} `),
                run.stdout,
            );
            if (command.length > 0 && command[0] !== "inspect") assert.match(run.stdout, /--json/);
            if (command.length === 2 || command[0] === "validate" || command[0] === "report" || command[0] === "audit")
                assert.match(run.stdout, /Exit codes?: /);
        });
    }

    it("--version prints the package version and exits 0", async () => {
        const run = await runCli(["--version"]);
        assert.equal(run.code, 0);
        assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
    });

    it("no command, an unknown command or an unknown option exits 2", async () => {
        const none = await runCli([]);
        assert.equal(none.code, 2);
        assert.match(none.stderr, /Usage: certdeploy/);
        const unknown = await runCli(["deploy"]);
        assert.equal(unknown.code, 2);
        assert.match(unknown.stderr, /unknown command 'deploy'/);
        const option = await runCli(["report", "x.json", "--frobnicate", "--json"]);
        assert.equal(option.code, 2);
        assert.match(option.stderr, /unknown option '--frobnicate'/);
        assert.deepEqual(jsonOf(option), { error: { exitCode: 2, message: "unknown option '--frobnicate'" } });
    });
});
