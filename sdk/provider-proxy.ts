/**
 * The provider object a resource hands to pulumi.dynamic.Resource. Pulumi
 * serializes it into every resource's state (`__provider`), so it stays tiny:
 * each method loads the real provider by package name inside the provider host,
 * capturing no SDK client and no absolute path (DESIGN.md §5).
 */
import type * as pulumi from "@pulumi/pulumi";

export type ProviderExport = "acmProvider" | "keyVaultProvider";

export function providerProxy(name: ProviderExport): pulumi.dynamic.ResourceProvider {
    const load = (): pulumi.dynamic.ResourceProvider =>
        (require("certdeploy/provider") as Record<ProviderExport, pulumi.dynamic.ResourceProvider>)[name];
    return {
        check: (olds, news) => load().check!(olds, news),
        diff: (id, olds, news) => load().diff!(id, olds, news),
        create: (inputs) => load().create(inputs),
        read: (id, props) => load().read!(id, props),
        update: (id, olds, news) => load().update!(id, olds, news),
        delete: (id, props) => load().delete!(id, props),
    };
}
