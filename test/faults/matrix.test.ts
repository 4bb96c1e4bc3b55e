/**
 * The fault matrix: every row of cells-acm.ts and cells-keyvault.ts as one
 * test through TestStack (real provider host, real SDKs, emulators), then
 * docs/fault-matrix.md rendered from the same rows and what they showed.
 *
 * Rows marked with a provider bug are skipped; CERTDEPLOY_FAULTS_RUN_BUGS=1
 * runs them too (they fail until the bug is fixed) and leaves the document alone.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { AzureWorld, startAzureWorld } from "../../testing/keyvault/world";
import { findRepoRoot } from "../harness/host-process";
import { AcmCell, Cell, cellId, KeyVaultCell } from "./cells";
import { ACM_CELLS, ACM_CREATE_CELLS, ACM_ROTATION_CELLS } from "./cells-acm";
import { KEY_VAULT_CELLS } from "./cells-keyvault";
import { AcmSlot, LiveAcm } from "./live-acm";
import { FAULT_VAULT, LiveKeyVault } from "./live-keyvault";
import { LeafIssuer } from "./material";
import { MatrixRunner } from "./matrix-runner";
import { CellResult, renderMatrix } from "./matrix-doc";
import { mismatches, Observation } from "./observation";

const RUN_BUGS = process.env.CERTDEPLOY_FAULTS_RUN_BUGS === "1";
const ALL_CELLS: Cell[] = [...ACM_CELLS, ...KEY_VAULT_CELLS];

const title = (cell: Cell): string =>
    `${cell.flow} · ${cell.step} · ${cell.fault} → ${cell.killDuring !== undefined ? "killed → " : ""}${cell.expect.outcome}, ${cell.expect.live} live`;
const skipReason = (cell: Cell): string | false =>
    cell.bug && !RUN_BUGS ? `provider bug ${cell.bug.id}: ${cell.bug.observed}` : false;

describe("fault matrix", { concurrency: 3 }, () => {
    let issuer: LeafIssuer;
    const seen = new Map<Cell, Observation>();
    const started = Date.now();

    before(async () => {
        issuer = await LeafIssuer.start();
    });

    after(() => {
        const complete = !RUN_BUGS && ALL_CELLS.every((c) => c.bug !== undefined || seen.has(c));
        const results: CellResult[] = ALL_CELLS.map((cell) => {
            const observation = seen.get(cell);
            return { cell, seen: observation, problems: observation ? mismatches(cell, observation) : [] };
        });
        console.log(
            `fault matrix: ${seen.size} of ${ALL_CELLS.length} rows run in ${Math.round((Date.now() - started) / 1000)} s; ${results.filter((r) => r.problems.length > 0).length} failed`,
        );
        if (!complete) return; // a filtered or partial run must not rewrite the document
        const file = path.join(findRepoRoot(__dirname), "docs", "fault-matrix.md");
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, renderMatrix(results));
    });

    const check = (cell: Cell, observation: Observation): void => {
        seen.set(cell, observation);
        const problems = mismatches(cell, observation);
        assert.deepEqual(problems, [], `${cellId(cell)}\n${observation.errors}`);
    };

    // Three lanes at once, each with its own emulator and its cells in order (concurrency 1):
    // the rows mostly wait on SDK back-off, verify delays and host start-up.
    const acmLane = (name: string, cells: AcmCell[]): void => {
        describe(name, { concurrency: 1 }, () => {
            let acm: AcmEmulator;
            let runner: MatrixRunner<AcmCell, AcmSlot>;
            before(async () => {
                acm = await startAcmEmulator();
                runner = new MatrixRunner(new LiveAcm(acm), issuer);
            });
            after(async () => {
                runner.close();
                await acm.close();
            });
            for (const cell of cells) {
                it(title(cell), { skip: skipReason(cell) }, async () => check(cell, await runner.run(cell)));
            }
        });
    };
    acmLane("AWS ACM rotation", ACM_ROTATION_CELLS);
    acmLane("AWS ACM create", ACM_CREATE_CELLS);

    describe("Azure Key Vault", { concurrency: 1 }, () => {
        let world: AzureWorld;
        let runner: MatrixRunner<KeyVaultCell, string>;
        before(async () => {
            world = await startAzureWorld({ vaults: [FAULT_VAULT] });
            runner = new MatrixRunner(new LiveKeyVault(world), issuer);
        });
        after(async () => {
            runner.close();
            await world.close();
        });
        for (const cell of KEY_VAULT_CELLS) {
            it(title(cell), { skip: skipReason(cell) }, async () => check(cell, await runner.run(cell)));
        }
    });
});
