import type * as pulumi from "@pulumi/pulumi";

type InputOf<V> =
    V extends Record<string, string> ? pulumi.Input<Record<string, pulumi.Input<string>>> : pulumi.Input<V>;

/** Turns a plain inputs interface from schema-types.ts into Pulumi resource args (optional stays optional). */
export type ResourceArgs<T> = { [K in keyof T]: InputOf<NonNullable<T[K]>> };
