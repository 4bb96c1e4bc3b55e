/**
 * Wraps a dynamic provider so that every call runs with its secrets in play
 * (the secret inputs of the new inputs and of the state: private keys) and
 * nothing it returns or throws carries them: error messages and stacks (the
 * host prints `${e}: ${e.stack}`), ErrorResourceInitFailed reasons, the
 * partial state's and the outputs' `lastDeployment.message`, CheckFailure
 * reasons. Input and output values themselves are left alone: the secret ones
 * travel in Pulumi's secret envelopes.
 */
import type * as pulumi from "@pulumi/pulumi";
import { redact } from "./redact";
import { withSecretsInPlay } from "./secrets-in-play";

type Props = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The partial state's or outputs' deployment message, redacted in place. */
function redactDeployment(props: unknown): void {
    if (!isRecord(props) || !isRecord(props.lastDeployment)) return;
    const message = props.lastDeployment.message;
    if (typeof message === "string") props.lastDeployment = { ...props.lastDeployment, message: redact(message) };
}

/** Whatever was thrown, with every text it carries redacted. */
export function redactThrown(e: unknown): unknown {
    if (!(e instanceof Error)) return new Error(redact(String(e)));
    e.message = redact(e.message);
    if (e.stack !== undefined) e.stack = redact(e.stack);
    const extra = e as Error & { reasons?: unknown; properties?: unknown };
    if (Array.isArray(extra.reasons))
        extra.reasons = (extra.reasons as unknown[]).map((r) => (typeof r === "string" ? redact(r) : r));
    redactDeployment(extra.properties);
    if (e.cause !== undefined) e.cause = redactThrown(e.cause);
    return e;
}

export function guardedProvider(
    provider: pulumi.dynamic.ResourceProvider,
    secretInputs: readonly string[],
): pulumi.dynamic.ResourceProvider {
    const secretsOf = (...bags: Props[]): unknown[] => bags.flatMap((bag) => secretInputs.map((name) => bag[name]));
    const guarded = async <T>(bags: Props[], run: () => Promise<T>): Promise<T> =>
        withSecretsInPlay(secretsOf(...bags), async () => {
            try {
                return await run();
            } catch (e) {
                throw redactThrown(e);
            }
        });
    const withOuts = <T extends { outs?: unknown }>(result: T): T => {
        redactDeployment(result.outs);
        return result;
    };
    return {
        check: async (olds: Props, news: Props) =>
            guarded([olds, news], async () => {
                const result = await provider.check!(olds, news);
                return {
                    ...result,
                    failures: result.failures?.map((f) => ({ property: f.property, reason: redact(f.reason) })),
                };
            }),
        diff: async (id: string, olds: Props, news: Props) =>
            guarded([olds, news], () => provider.diff!(id, olds, news)),
        create: async (news: Props) => guarded([news], async () => withOuts(await provider.create(news))),
        read: async (id: string, props: Props) =>
            guarded([props], async () => {
                const result = await provider.read!(id, props);
                redactDeployment(result.props);
                return result;
            }),
        update: async (id: string, olds: Props, news: Props) =>
            guarded([olds, news], async () => withOuts(await provider.update!(id, olds, news))),
        delete: async (id: string, props: Props) => guarded([props], () => provider.delete!(id, props)),
    };
}
