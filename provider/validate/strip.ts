import { PROVIDER_KEY } from "./check-inputs";

/** The resource's own properties, without the host's `__provider`. */
export function withoutProvider<T>(props: Record<string, unknown>): T {
    const { [PROVIDER_KEY]: _provider, ...rest } = props;
    return rest as T;
}
