/** `certdeploy report`: certdeploy resources from a stack export as a table, CSV and JSON; secrets never printed; unreadable input exits 2. */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { issue } from "../../testing/pki";
import { assertNoKeyMaterial, TempFiles } from "./material-files";
import { jsonOf, runCli, type CliRun } from "./run-cli";
import { EXPORT_ARN, EXPORT_VAULT, stackExport, type ExportMaterial } from "./stack-export-fixture";

interface ReportJson {
    source: string;
    generatedAt: string;
    certificates: {
        target: string;
        name: string;
        urn: string;
        id: string | null;
        serial: string | null;
        notAfter: string | null;
        daysToExpiry: number | null;
        lastDeployment: string | null;
        pendingDelete: boolean;
    }[];
}

describe("certdeploy report", () => {
    const files = new TempFiles();
    let material: ExportMaterial;
    let exportFile: string;
    const outputs: string[] = [];
    const cli = async (args: string[], stdin?: string): Promise<CliRun> => {
        const run = await runCli(["report", ...args], { stdin });
        outputs.push(run.stdout, run.stderr);
        return run;
    };

    before(async () => {
        const leaf = await issue({ cn: "api.example.com" });
        material = {
            certificatePem: leaf.certPem,
            keyPem: leaf.keyPem,
            ciphertext: `v1:${Buffer.from("ciphertext-of-the-private-key-".repeat(4)).toString("base64")}`,
        };
        exportFile = files.write("stack.json", JSON.stringify(stackExport(material), null, 4));
    });

    after(() => {
        files.cleanup();
        assertNoKeyMaterial(
            outputs.join("\n"),
            [material.keyPem],
            [material.ciphertext, "BEGIN CERTIFICATE", "exports.handler"],
        );
    });

    it("prints an aligned table of every certdeploy resource, soonest expiry first, and skips other resources", async () => {
        const run = await cli([exportFile]);
        assert.equal(run.code, 0, run.stderr);
        const lines = run.stdout.trimEnd().split("\n");
        assert.equal(lines.length, 5, run.stdout);
        assert.match(lines[0], /^TARGET\s+NAME\s+ARN \/ ID\s+SERIAL\s+NOT AFTER\s+DAYS\s+LAST DEPLOYMENT$/);
        assert.match(lines[1], /^acm\s+old-api \(pending delete\)\s+arn:aws:acm:\S+0000\s+77\s+\S+Z\s+-3\s+succeeded$/);
        assert.match(
            lines[2],
            new RegExp(
                `^keyvault\\s+api-agw\\s+${EXPORT_VAULT}/certificates/api-prod\\s+0e:0f\\s+\\S+Z\\s+10\\s+rolled_back$`,
            ),
        );
        assert.match(lines[3], new RegExp(`^acm\\s+api\\s+${EXPORT_ARN}\\s+0a:1b:2c:3d\\s+\\S+Z\\s+80\\s+succeeded$`));
        assert.match(
            lines[4],
            new RegExp(
                `^keyvault\\s+edge, "eu"\\s+${EXPORT_VAULT}/certificates/edge-eu\\s+\\[secret\\]\\s+\\S+Z\\s+200\\s+\\[secret\\]$`,
            ),
        );
        // Aligned: every column starts at the same offset on every line.
        for (const header of ["NAME", "ARN / ID", "SERIAL", "NOT AFTER", "LAST DEPLOYMENT"]) {
            const at = lines[0].indexOf(header);
            for (const line of lines.slice(1))
                assert.match(line.slice(at - 2, at), /^ {2}$/, `${header} misaligned in: ${line}`);
        }
        const daysEnd = lines[0].indexOf("DAYS") + 4;
        for (const line of lines.slice(1)) assert.match(line.slice(0, daysEnd), /\d$/, "DAYS is right-aligned");
        assert.doesNotMatch(run.stdout, /listener|pulumi:pulumi:Stack/);
    });

    it("--csv quotes as RFC 4180 (CRLF, doubled quotes) with the URN and every row", async () => {
        const run = await cli([exportFile, "--csv"]);
        assert.equal(run.code, 0, run.stderr);
        assert.ok(run.stdout.endsWith("\r\n"));
        const records = run.stdout.slice(0, -2).split("\r\n");
        assert.equal(records[0], "target,name,urn,id,serial,notAfter,daysToExpiry,lastDeploymentResult,pendingDelete");
        assert.equal(records.length, 5);
        const edge = records.find((r) => r.startsWith('keyvault,"edge'));
        assert.ok(edge, run.stdout);
        assert.ok(
            edge.startsWith(
                `keyvault,"edge, ""eu""","urn:pulumi:prod::shop::pulumi-nodejs:dynamic/certdeploy:KeyVaultCertificate::edge, ""eu""",${EXPORT_VAULT}/certificates/edge-eu,[secret],`,
            ),
            edge,
        );
        assert.ok(edge.endsWith(",200,[secret],false"), edge);
        assert.ok(
            records.some((r) =>
                r.startsWith(
                    `acm,api,urn:pulumi:prod::shop::pulumi-nodejs:dynamic/certdeploy:AcmCertificate::api,${EXPORT_ARN},0a:1b:2c:3d,`,
                ),
            ),
        );
        assert.ok(records.some((r) => r.startsWith("acm,old-api,") && r.endsWith(",-3,succeeded,true")));
    });

    it("--json lists the same rows with null for unknown fields; stdin is read with -", async () => {
        const run = await cli(["-", "--json"], JSON.stringify(stackExport(material)));
        assert.equal(run.code, 0, run.stderr);
        const report = jsonOf<ReportJson>(run);
        assert.equal(report.source, "stdin");
        assert.deepEqual(
            report.certificates.map((c) => [c.target, c.name, c.daysToExpiry, c.lastDeployment, c.pendingDelete]),
            [
                ["acm", "old-api", -3, "succeeded", true],
                ["keyvault", "api-agw", 10, "rolled_back", false],
                ["acm", "api", 80, "succeeded", false],
                ["keyvault", 'edge, "eu"', 200, "[secret]", false],
            ],
        );
        const api = report.certificates.find((c) => c.name === "api");
        assert.deepEqual(Object.keys(api ?? {}).sort(), [
            "daysToExpiry",
            "id",
            "lastDeployment",
            "name",
            "notAfter",
            "pendingDelete",
            "serial",
            "target",
            "urn",
        ]);
        assert.equal(api?.id, EXPORT_ARN);
        assert.equal(report.certificates.find((c) => c.name === 'edge, "eu"')?.serial, "[secret]");
    });

    it("--expiring-within exits 1 when a certificate is due within that many days", async () => {
        const strict = await cli([exportFile, "--expiring-within", "30"]);
        assert.equal(strict.code, 1);
        const withoutOld = stackExport(material) as { deployment: { resources: { urn: string }[] } };
        withoutOld.deployment.resources = withoutOld.deployment.resources.filter((r) => !r.urn.endsWith("::old-api"));
        const relaxed = await cli(["-", "--expiring-within", "5"], JSON.stringify(withoutOld));
        assert.equal(relaxed.code, 0, relaxed.stderr);
        const bad = await cli([exportFile, "--expiring-within", "soon"]);
        assert.equal(bad.code, 2);
    });

    it("a stack without certdeploy resources says so and exits 0", async () => {
        const empty = files.write("empty.json", JSON.stringify({ version: 3, deployment: { manifest: {} } }));
        const run = await cli([empty]);
        assert.equal(run.code, 0);
        assert.equal(run.stdout, `no certdeploy resources in ${empty}\n`);
        const json = jsonOf<ReportJson>(await cli([empty, "--json"]));
        assert.deepEqual(json.certificates, []);
    });

    it("a missing file, invalid JSON or JSON that is not a stack export exits 2 with a clear message", async () => {
        const missing = await cli([files.path("nope.json")]);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /cannot read stack export .*nope\.json: no such file/);
        const truncated = files.write("truncated.json", JSON.stringify(stackExport(material)).slice(0, 200));
        const invalid = await cli([truncated, "--json"]);
        assert.equal(invalid.code, 2);
        assert.match(invalid.stderr, /truncated\.json is not valid JSON .*give the output of `pulumi stack export`/);
        assert.match(
            jsonOf<{ error: { exitCode: number; message: string } }>(invalid).error.message,
            /is not valid JSON/,
        );
        const outputs = files.write("outputs.json", JSON.stringify({ arn: EXPORT_ARN }));
        const notExport = await cli([outputs]);
        assert.equal(notExport.code, 2);
        assert.match(notExport.stderr, /is JSON but not a stack export \(no "deployment" object\)/);
        const both = await cli([exportFile, "--csv", "--json"]);
        assert.equal(both.code, 2);
    });
});
