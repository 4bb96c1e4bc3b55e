/** Builds the `lastDeployment` record: each step with its duration and outcome, and the API calls made. */
import type { Deployment, DeploymentResult, DeploymentStep } from "../../sdk/schema-types";

export type StepName =
    "snapshot" | "import" | "tag" | "verify" | "rollback" | "rollback_verify" | "rollback_tags" | "cleanup" | "serving";

export class DeploymentRecorder {
    private readonly started = new Date();
    private readonly steps: DeploymentStep[] = [];

    constructor(private readonly apiCalls: () => number) {}

    /** Runs one step, recording its duration and whether it threw. */
    async step<T>(step: StepName, run: () => Promise<T>): Promise<T> {
        const t0 = performance.now();
        try {
            const result = await run();
            this.steps.push({ step, ms: Math.round(performance.now() - t0), ok: true });
            return result;
        } catch (e) {
            this.steps.push({ step, ms: Math.round(performance.now() - t0), ok: false });
            throw e;
        }
    }

    /** Records a step whose outcome is a boolean (verify). */
    mark(step: StepName, ms: number, ok: boolean): void {
        this.steps.push({ step, ms: Math.round(ms), ok });
    }

    finish(result: DeploymentResult, previousSerial: string, serial: string, message?: string): Deployment {
        return {
            attemptedAt: this.started.toISOString(),
            result,
            previousSerial,
            serial,
            steps: [...this.steps],
            apiCalls: this.apiCalls(),
            ...(message !== undefined ? { message } : {}),
        };
    }
}
