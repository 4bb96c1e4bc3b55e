/** `node dist/demo/run.js` (and `certdeploy demo`): runs the main job and exits non-zero if anything did not happen as shown. */
import { runDemo } from "./scenario";

runDemo().then(
    (outcome) => {
        process.exitCode = outcome.ok ? 0 : 1;
    },
    (e: unknown) => {
        console.error(e);
        process.exitCode = 1;
    },
);
