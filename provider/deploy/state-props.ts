/**
 * Property bags as the Pulumi host hands them over and stores them: the host adds `__provider` (the
 * serialized provider) to inputs and state, and its Struct conversion refuses undefined values.
 */

/** The key under which the host passes the serialized provider; never one of the resource's own properties. */
export const PROVIDER_KEY = "__provider";

/** The resource's own properties, without the host's `__provider`. */
export function withoutProvider<T>(props: Record<string, unknown>): T {
    const { [PROVIDER_KEY]: _provider, ...rest } = props;
    return rest as T;
}

/** Drops undefined values: the host's Struct conversion refuses them. */
export function definedOnly<T extends object>(props: T): Record<string, unknown> {
    return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}
