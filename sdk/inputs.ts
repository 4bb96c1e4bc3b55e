import type * as pulumi from "@pulumi/pulumi";

/** Turns a plain inputs interface from schema-types.ts into Pulumi resource args. */
export type ResourceArgs<T> = {
    [K in keyof T]: T[K] extends Record<string, string> | undefined ? pulumi.Input<Record<string, pulumi.Input<string>>> | Extract<T[K], undefined> : pulumi.Input<T[K]>;
};

/** Turns a plain outputs interface into Output<T> properties. */
export type ResourceOutputs<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };
