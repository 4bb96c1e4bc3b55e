import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ACMClient } from "@aws-sdk/client-acm";
import { startAcmEmulator, type AcmEmulator } from "../../testing/acm/index";
import { acmClientFor } from "../emulators/acm/acm-client";
import { startMoto, type MotoServer } from "./moto";
import { createScenarioMaterial } from "./scenario-material";
import { SCENARIO, runScenario, type StepObservation } from "./scenario";
import { differences, normaliseRun, pathMatches } from "./normalise";
import { documentedDifferences, type DocumentedDifference } from "./documented-differences";

void describe("the ACM emulator agrees with moto except where documented", () => {
    let emulator: AcmEmulator | undefined;
    let moto: MotoServer | undefined;
    const clients: ACMClient[] = [];
    let fromEmulator: StepObservation[] = [];
    let fromMoto: StepObservation[] = [];
    let documented: DocumentedDifference[] = [];

    before(async () => {
        const material = await createScenarioMaterial();
        documented = documentedDifferences(material);
        emulator = await startAcmEmulator();
        try {
            moto = await startMoto();
        } catch (error) {
            throw new Error(`The conformance check needs moto and could not start it. ${(error as Error).message}`, {
                cause: error,
            });
        }
        const emulatorClient = acmClientFor(emulator);
        const motoClient = acmClientFor(moto.endpoint);
        clients.push(emulatorClient, motoClient);
        fromEmulator = normaliseRun(await runScenario(emulatorClient, material)) as StepObservation[];
        fromMoto = normaliseRun(await runScenario(motoClient, material)) as StepObservation[];
    });

    after(async () => {
        for (const client of clients) client.destroy();
        await emulator?.close();
        await moto?.close();
    });

    void it("ran every step on both and names only steps that exist", () => {
        const names = SCENARIO.map((step) => step.name);
        assert.deepEqual(
            fromEmulator.map((o) => o.step),
            names,
        );
        assert.deepEqual(
            fromMoto.map((o) => o.step),
            names,
        );
        for (const entry of documented) {
            for (const step of entry.steps)
                assert.ok(names.includes(step), `${entry.id} names an unknown step: ${step}`);
        }
    });

    SCENARIO.forEach((step, index) => {
        void it(`step "${step.name}" agrees, or differs exactly as documented`, () => {
            const onEmulator = fromEmulator[index];
            const onMoto = fromMoto[index];
            assert.ok(onEmulator !== undefined && onMoto !== undefined, "the scenario did not run");
            const entries = documented.filter((entry) => entry.steps.includes(step.name));
            const seen = new Set<string>();
            for (const difference of differences(onEmulator, onMoto)) {
                const entry = entries.find((candidate) =>
                    candidate.paths.some((pattern) => pathMatches(pattern, difference.path)),
                );
                assert.ok(
                    entry !== undefined,
                    `undocumented difference at ${difference.path}: emulator ${JSON.stringify(difference.emulator)}, moto ${JSON.stringify(difference.moto)}`,
                );
                entry.expect(difference.emulator, difference.moto, difference.path);
                seen.add(entry.id);
            }
            for (const entry of entries) {
                assert.ok(
                    seen.has(entry.id),
                    `documented difference "${entry.id}" is no longer observed at this step: moto changed, revisit the list`,
                );
            }
        });
    });
});

void describe("startMoto", () => {
    void it("fails with a clear message when no interpreter can run moto", async () => {
        await assert.rejects(
            startMoto({ pythons: ["/nonexistent/python3"] }),
            /moto could not be started .*pip install "moto\[server\]"[\s\S]*\/nonexistent\/python3 not found/,
        );
    });
});
