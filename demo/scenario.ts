/**
 * The main job as a function: one stack with an AcmCertificate and a
 * KeyVaultCertificate, driven through the real Pulumi dynamic-provider host
 * against the certdeploy/testing emulators, the way `pulumi` would:
 * preview (a mistake shown, then fixed), up, rotate, a rotation whose new
 * certificate lands and is then rolled back to the certificate and key kept
 * in state, refresh with drift, destroy.
 *
 * `runDemo` prints as it goes and returns whether every step happened as
 * shown; a test passes its own emulators and reads what is live after each step.
 */
import * as path from "node:path";
import { sameSerial } from "../provider/material/serial";
import type { Deployment } from "../sdk/schema-types";
import {
    createTestHierarchy,
    startAcmEmulator,
    startAzureWorld,
    type AcmEmulator,
    type AzureWorld,
    type Hierarchy,
} from "../testing";
import { TestStack } from "../test/e2e/stack";
import type { OperationResult, ProgramRun } from "../test/harness/engine";

export type DemoStep = "preview" | "create" | "rotate" | "rollback" | "refresh" | "destroy";

export interface DemoOptions {
    /** Where the log goes; default stdout. */
    print?: (line: string) => void;
    /** Emulators to run against; default: started (and closed) by the demo. */
    emulators?: { acm: AcmEmulator; azure: AzureWorld };
    /** Called after each step, before the next one changes anything. */
    afterStep?: (step: DemoStep) => void | Promise<void>;
}

export interface DemoOutcome {
    ok: boolean;
    /** The ACM certificate's ARN (the same through every rotation). */
    arn: string;
}

const VAULT = "prod-vault";
const KV_NAME = "api-prod";

const shortName = (urn: string): string => urn.split("::").pop() ?? urn;
const summary = (r: OperationResult): string =>
    `${r.operation}: ${r.ok ? "ok" : "failed"} (${r.steps.map((s) => `${s.op} ${shortName(s.urn)} ${s.status}`).join(", ")}) in ${r.durationMs} ms`;

export async function runDemo(options: DemoOptions = {}): Promise<DemoOutcome> {
    const print = options.print ?? ((line: string) => console.log(line));
    const acm = options.emulators?.acm ?? (await startAcmEmulator());
    const azure = options.emulators?.azure ?? (await startAzureWorld({ vaults: [VAULT] }));
    const stack = new TestStack(azure.env("managed_identity"), "certdeploy-demo", "prod");
    let ok = true;
    const expect = (holds: boolean, what: string): void => {
        print(`  ${holds ? "✔" : "✘"} ${what}`);
        if (!holds) ok = false;
    };
    const heading = (text: string): void => print(`\n== ${text}`);
    const stepDone = async (step: DemoStep): Promise<void> => {
        if (options.afterStep) await options.afterStep(step);
    };
    let arn = "";
    try {
        const [v1, v2, v3] = await Promise.all(
            [1, 2, 3].map(() => createTestHierarchy("api.example.com", { kind: "rsa", bits: 2048 })),
        );
        /**
         * The program (demo/program.ts, run under the real Node language runtime): ACM gets `forAcm`,
         * Key Vault `forKeyVault`, through stack config; `misorderedChain` pastes root before intermediate.
         */
        const program = (forAcm: Hierarchy, forKeyVault: Hierarchy = forAcm, misorderedChain = false): ProgramRun => {
            const chainOf = (h: Hierarchy): string =>
                misorderedChain ? h.root.certPem + h.intermediate.certPem : h.chainPem;
            return {
                file: path.join(__dirname, "program.js"),
                config: {
                    "demo:acmEndpoint": acm.endpoint,
                    "demo:vaultUrl": azure.vault(VAULT),
                    "demo:acmCertificatePem": forAcm.leaf.certPem,
                    "demo:acmChainPem": chainOf(forAcm),
                    "demo:acmPrivateKeyPem": forAcm.leaf.keyPem,
                    "demo:kvCertificatePem": forKeyVault.leaf.certPem,
                    "demo:kvChainPem": chainOf(forKeyVault),
                    "demo:kvPrivateKeyPem": forKeyVault.leaf.keyPem,
                },
                secretConfig: ["demo:acmPrivateKeyPem", "demo:kvPrivateKeyPem"],
            };
        };
        const acmLive = () => acm.certificates().get(arn);

        heading("pulumi preview, with the chain pasted in the wrong order");
        const bad = await stack.preview(program(v1, v1, true));
        for (const s of bad.steps) for (const f of s.checkFailures ?? []) print(`  ${shortName(s.urn)}: ${f.reason}`);
        const failures = bad.steps.flatMap((s) => s.checkFailures ?? []);
        expect(
            !bad.ok && failures.length > 0 && failures.every((f) => f.property === "chainPem"),
            "preview names chainPem and stops; nothing written",
        );
        heading("pulumi preview, fixed");
        const good = await stack.preview(program(v1));
        print(`  ${summary(good)}`);
        expect(good.ok, "preview is clean");
        await stepDone("preview");

        heading("pulumi up (create)");
        const up = await stack.up(program(v1));
        print(`  ${summary(up)}`);
        arn = String(stack.outputs("api").arn);
        print(`  arn                 ${arn}\n  serial              ${String(stack.outputs("api").serial)}`);
        print(
            `  versionlessSecretId ${String(stack.outputs("api-agw").versionlessSecretId)}\n  thumbprint          ${String(stack.outputs("api-agw").thumbprint)}`,
        );
        expect(
            up.ok && acmLive() !== undefined && azure.keyVault.latest(KV_NAME) !== undefined,
            "ACM certificate and Key Vault version exist",
        );
        await stepDone("create");

        heading("pulumi up (rotate both to a new certificate)");
        const rotate = await stack.up(program(v2));
        print(`  ${summary(rotate)}`);
        print(
            `  ACM serial now      ${acmLive()?.serial} (same ARN)\n  Key Vault versions  ${azure.keyVault.versions(KV_NAME).length}`,
        );
        expect(
            rotate.ok &&
                String(stack.outputs("api").arn) === arn &&
                sameSerial(acmLive()?.serial ?? "", "colonHex", v2.leaf.serial, "hex"),
            "rotated in place, ids unchanged",
        );
        await stepDone("rotate");

        heading(
            "pulumi up (rotate ACM again) with acm:AddTagsToCertificate denied: the new certificate lands, then tagging fails",
        );
        const previous = { serial: acmLive()?.serial, key: acmLive()?.keySpkiSha256 };
        acm.injectFault({ operation: "AddTagsToCertificate", kind: "accessDenied" });
        const rollback = await stack.up(program(v3, v2));
        print(`  ${summary(rollback)}`);
        for (const e of rollback.errors) print(`  error: ${e.split(": ").slice(1).join(": ")}`);
        const deployment = stack.outputs("api").lastDeployment as Deployment;
        print(`  lastDeployment      ${JSON.stringify({ ...deployment, message: "(the error above)" })}`);
        const live = acmLive();
        const history = live?.serialHistory ?? [];
        print(`  ACM serials, oldest first: ${history.join(" → ")}`);
        print(
            `  live serial ${live?.serial}, live key (SPKI SHA-256) ${live?.keySpkiSha256?.slice(0, 16)}…, state serial ${String(stack.outputs("api").serial)}`,
        );
        expect(
            !rollback.ok && deployment.result === "rolled_back",
            "`up` fails and lastDeployment.result is rolled_back",
        );
        expect(
            sameSerial(history.at(-2) ?? "", "colonHex", v3.leaf.serial, "hex"),
            `the new certificate (serial ${history.at(-2)}) had been imported and was live`,
        );
        expect(
            live?.serial === previous.serial &&
                live?.keySpkiSha256 === previous.key &&
                stack.outputs("api").serial === previous.serial,
            "the previous certificate and its key were re-imported from state and verified; state says what is live",
        );
        await stepDone("rollback");

        heading("someone re-imports the ACM certificate by hand; pulumi refresh");
        acm.putOutOfBand(arn, v1.leaf.certPem, v1.leaf.keyPem, v1.chainPem);
        const refresh = await stack.refresh();
        print(`  ${summary(refresh)}`);
        for (const e of refresh.errors) print(`  ${e}`);
        expect(
            refresh.ok && stack.outputs("api").serial === acmLive()?.serial,
            "refresh records the live serial (drift)",
        );
        await stepDone("refresh");

        heading("pulumi destroy");
        const destroy = await stack.destroy();
        print(`  ${summary(destroy)}`);
        for (const e of destroy.errors) print(`  ${e}`);
        expect(
            destroy.ok && acm.certificates().size === 0 && azure.keyVault.deleted(KV_NAME) !== undefined,
            "ACM certificate deleted, Key Vault certificate soft-deleted",
        );
        await stepDone("destroy");

        heading("metrics (node_exporter textfile)");
        for (const line of stack.metrics().split("\n")) if (line.startsWith("certdeploy_")) print(`  ${line}`);
    } finally {
        stack.cleanup();
        if (!options.emulators) await Promise.all([acm.close(), azure.close()]);
    }
    print(ok ? "\ndemo: every step happened as shown" : "\ndemo: something did not happen as shown");
    return { ok, arn };
}
