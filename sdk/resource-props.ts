import * as pulumi from "@pulumi/pulumi";
import schema from "../schema.json";

/**
 * The property bag both resources register: the user's args with every
 * secret input (schema.json `secret: true`, e.g. `privateKeyPem`) wrapped in
 * `pulumi.secret` — `additionalSecretOutputs` covers outputs only, so a plain
 * string would otherwise land in the state's inputs unencrypted (DESIGN.md
 * §12) — the provenance id default (`<project>/<stack>/<name>`), and every
 * output-only property as undefined so the engine reports it back (lists
 * generated from schema.json).
 */
export function resourceProps<A extends { certificateId?: pulumi.Input<string> }>(
    name: string,
    args: A,
    outputOnly: readonly string[],
    secretInputs: readonly string[],
): Record<string, unknown> {
    const given = args as Record<string, unknown>;
    return {
        ...args,
        ...Object.fromEntries(
            secretInputs.filter((n) => given[n] !== undefined).map((n) => [n, pulumi.secret(given[n])]),
        ),
        certificateId: args.certificateId ?? `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
        ...Object.fromEntries(outputOnly.map((n) => [n, undefined])),
    };
}

/** Marks the schema's secret inputs as secret outputs too, on top of the user's options. */
export function withSecrets(
    opts: pulumi.CustomResourceOptions | undefined,
    secrets: readonly string[],
): pulumi.CustomResourceOptions {
    return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] };
}

/**
 * The property bag of a lookup (`get(name, id)`): every state property as
 * undefined, so the engine reports back all that the provider's read returns.
 */
export function lookupProps(token: keyof typeof schema.resources): Record<string, unknown> {
    return Object.fromEntries(Object.keys(schema.resources[token].properties).map((n) => [n, undefined]));
}
