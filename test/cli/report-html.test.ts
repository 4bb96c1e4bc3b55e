/**
 * `certdeploy report --html`: two stacks deployed through the harness engine
 * (a healthy ACM certificate, one whose rotation was rolled back, a Key Vault
 * certificate expiring in 10 days, and a healthy one in a second stack),
 * exported, rendered, then loaded in headless Chromium: the cards' content is
 * read from the DOM Chromium parsed, and a screenshot is saved.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import {
    createTestHierarchy,
    startAcmEmulator,
    startAzureWorld,
    type AcmEmulator,
    type AzureWorld,
    type Hierarchy,
} from "../../testing";
import { TestStack } from "../e2e/stack";
import { acmCertificate, declare, keyVaultCertificate, output, standIn, certificateInputs } from "../programs/spec";
import { chromiumPath, dumpDom, screenshot } from "./chromium";
import { assertNoKeyMaterial, TempFiles } from "./material-files";
import { runCli } from "./run-cli";

const DAY = 86_400_000;
/** Where the screenshot is kept for people to look at (dist/ is not committed). */
const SCREENSHOT =
    process.env.CERTDEPLOY_SCREENSHOT ?? path.resolve(__dirname, "..", "..", "test-artifacts", "report-html.png");
const chromiumMissing = chromiumPath() === undefined;
const skip =
    chromiumMissing && process.env.CI !== "true"
        ? "chromium is not installed (apt-get install -y chromium; .ci/run installs it)"
        : false;

/** `pulumi stack export` of a harness stack: the engine keeps its resources in the checkpoint's shape. */
const exportOf = (stack: TestStack): string =>
    JSON.stringify({
        version: 3,
        deployment: { manifest: { time: new Date().toISOString() }, resources: stack.engine.state.resources },
    });

interface Card {
    name: string;
    state: string;
    section: string;
    days: string;
    result: string;
    text: string;
}

/** Cards as Chromium's DOM has them: each `<article class="card">` with its data attributes, inside its section. */
function cardsOf(dom: string): Card[] {
    const cards: Card[] = [];
    for (const section of dom.matchAll(/<section id="(\w+)"[^>]*>([\s\S]*?)<\/section>/g)) {
        for (const card of section[2].matchAll(/<article class="card [^"]*" ([^>]*)>([\s\S]*?)<\/article>/g)) {
            const attr = (name: string): string => new RegExp(`data-${name}="([^"]*)"`).exec(card[1])?.[1] ?? "";
            const text = card[2]
                .replace(/<br>/g, " ")
                .replace(/<[^>]+>/g, " ")
                .replace(/&amp;/g, "&")
                .replace(/\s+/g, " ")
                .trim();
            cards.push({
                name: /<h3>([^<]*)<\/h3>/.exec(card[2])?.[1] ?? "",
                state: attr("state"),
                section: section[1],
                days: attr("days"),
                result: attr("result"),
                text,
            });
        }
    }
    return cards;
}

describe("certdeploy report --html in headless Chromium", { skip }, () => {
    const files = new TempFiles();
    let acm: AcmEmulator;
    let azure: AzureWorld;
    let prod: TestStack;
    let staging: TestStack;
    const keys: string[] = [];
    let page: string;
    let dom: string;
    let cards: Card[];
    let edgeArn: string;

    before(async () => {
        acm = await startAcmEmulator();
        azure = await startAzureWorld({ vaults: ["prod-vault"] });
        const rsa = { kind: "rsa", bits: 2048 } as const;
        const [api, edge1, edge2, soon, stagingCert] = await Promise.all([
            createTestHierarchy("api.example.com", rsa),
            createTestHierarchy("edge.example.com", rsa),
            createTestHierarchy("edge.example.com", rsa),
            createTestHierarchy("agw.example.com", rsa, { notAfter: new Date(Date.now() + 10.5 * DAY) }),
            createTestHierarchy("staging.example.com", rsa),
        ]);
        keys.push(...[api, edge1, edge2, soon, stagingCert].map((h) => h.leaf.keyPem));
        const acmArgs = (h: Hierarchy) => ({
            region: "us-east-1",
            ...certificateInputs(h),
            endpoint: acm.endpoint,
        });
        const kvArgs = (h: Hierarchy, name: string) => ({
            vaultUrl: azure.vault("prod-vault"),
            certificateName: name,
            ...certificateInputs(h),
            credentialMode: "managed_identity",
        });
        prod = new TestStack(azure.env("managed_identity"), "shop", "prod");
        // An HTTPS listener serves "edge" (the engine's stand-in for pulumi-aws records it in state as the real one would).
        const prodProgram = (edge: Hierarchy) =>
            declare([
                acmCertificate("api", acmArgs(api)),
                acmCertificate("edge", acmArgs(edge)),
                keyVaultCertificate("agw", kvArgs(soon, "agw-prod")),
                standIn("aws:lb/listener:Listener", "https", { port: 443, certificateArn: output("edge", "arn") }),
            ]);
        assert.equal((await prod.up(prodProgram(edge1))).ok, true);
        acm.injectFault({ operation: "AddTagsToCertificate", kind: "accessDenied" });
        const rotation = await prod.up(prodProgram(edge2));
        assert.equal(rotation.ok, false, "the edge rotation fails and is rolled back");
        edgeArn = String(prod.outputs("edge").arn);
        staging = new TestStack(azure.env("managed_identity"), "shop", "staging");
        assert.equal(
            (await staging.up(declare([keyVaultCertificate("web", kvArgs(stagingCert, "web-staging"))]))).ok,
            true,
        );

        const prodFile = files.write("prod.json", exportOf(prod));
        const stagingFile = files.write("staging.json", exportOf(staging));
        const html = files.path("certificates.html");
        const run = await runCli(["report", prodFile, stagingFile, "--html", html, "--expiring-within", "21"]);
        assert.equal(run.code, 1, `agw is due within 21 days, so the exit code says so (stderr: ${run.stderr})`);
        assert.match(run.stdout, /^wrote .*certificates\.html: 4 certificates from .*prod\.json, .*staging\.json\n$/);
        page = fs.readFileSync(html, "utf8");
        dom = await dumpDom(html);
        cards = cardsOf(dom);
        await screenshot(html, SCREENSHOT, 1280, 1800);
    });

    after(async () => {
        prod?.cleanup();
        staging?.cleanup();
        files.cleanup();
        await Promise.all([acm?.close(), azure?.close()]);
    });

    it("groups one card per certificate: failed or rolled back, expiring within the bound, healthy", () => {
        assert.deepEqual(
            cards.map((c) => [c.section, c.name, c.result]),
            [
                ["failed", "edge", "rolled_back"],
                ["expiring", "agw", "succeeded"],
                ["healthy", "api", "succeeded"],
                ["healthy", "web", "succeeded"],
            ],
        );
        for (const c of cards) assert.equal(c.state, c.section);
        assert.match(dom, /<h2>Last deployment failed or rolled back \(1\)<\/h2>/);
        assert.match(dom, /<h2>Expiring within 21 days \(1\)<\/h2>/);
        assert.match(dom, /<h2>Healthy \(2\)<\/h2>/);
    });

    it("shows days to expiry, the last result, the stack and where each certificate is served", () => {
        const byName = new Map(cards.map((c) => [c.name, c]));
        const agw = byName.get("agw");
        const edge = byName.get("edge");
        const web = byName.get("web");
        assert.ok(agw && edge && web);
        assert.equal(agw.days, "10");
        assert.match(agw.text, /^agw Azure Key Vault · shop\/prod 10 days to expiry /);
        assert.match(
            agw.text,
            /Served as https:\/\/prod-vault\.vault\.azure\.net\/certificates\/agw-prod https:\/\/prod-vault\.vault\.azure\.net\/secrets\/agw-prod$/,
        );
        assert.match(edge.text, /Last deployment rolled back · \d{4}-\d\d-\d\dT/);
        assert.ok(edge.text.includes(`Served as ${edgeArn}`), edge.text);
        assert.match(edge.text, /Used by https aws:lb\/listener:Listener · certificateArn/);
        assert.match(
            edge.text,
            /grant the IAM action acm:AddTagsToCertificate/,
            "the rollback's reason is on the card",
        );
        assert.match(web.text, /shop\/staging/);
        assert.match(web.text, /Vault https:\/\/prod-vault\.vault\.azure\.net /);
    });

    it("is self-contained: no script, no external reference, a CSP that forbids fetching", () => {
        assert.doesNotMatch(page, /<script|<link|<img|src=|url\(|@import/i);
        assert.match(
            page,
            /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/,
        );
    });

    it("renders no secret: no key, no PEM, no serialized provider", () => {
        assertNoKeyMaterial(page, keys, ["BEGIN CERTIFICATE", "exports.handler", "__provider"]);
        assertNoKeyMaterial(dom, keys, ["BEGIN CERTIFICATE", "exports.handler"]);
    });

    it("saves a screenshot", () => {
        const png = fs.readFileSync(SCREENSHOT);
        assert.equal(png.subarray(1, 4).toString("latin1"), "PNG");
        assert.ok(png.length > 20_000, `screenshot is ${png.length} bytes`);
    });
});
