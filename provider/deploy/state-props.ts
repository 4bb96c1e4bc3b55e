import { PROVIDER_KEY } from "../validate/check-inputs";

/** The resource's own properties, without the host's `__provider`. */
export function withoutProvider<T>(props: Record<string, unknown>): T {
    const { [PROVIDER_KEY]: _provider, ...rest } = props;
    return rest as T;
}

/** Drops undefined values: the host's Struct conversion refuses them. */
export function definedOnly<T extends object>(props: T): Record<string, unknown> {
    return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}
