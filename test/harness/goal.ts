/**
 * A RegisterResource request as the engine reads it: the resource's goal state
 * (type, name, inputs, options). Options the harness engine cannot honour are
 * refused here, loudly, instead of being dropped.
 *
 * URNs follow the engine's rule (pulumi sdk/go/common/resource/urn.go,
 * NewURN; pkg/resource/deploy/source_eval.go): the type is qualified by the
 * parent's type unless the parent is the root stack.
 */
import type { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import { toPropertyMap, type PropertyMap } from "./wire";

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export interface CustomTimeouts {
    create?: string;
    update?: string;
    delete?: string;
}

export interface Goal {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent: string;
    /** Inputs in wire form: secrets enveloped, unknowns as the sentinel. */
    inputs: PropertyMap;
    dependencies: string[];
    /** Per input property, the URNs it depends on. */
    propertyDependencies: Record<string, string[]>;
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    /** undefined when the program did not set deleteBeforeReplace (the provider's Diff decides). */
    deleteBeforeReplace: boolean | undefined;
    additionalSecretOutputs: string[];
    /** Old URNs this resource may be found under in the state (the SDK computes them without alias specs). */
    aliasUrns: string[];
    customTimeouts: CustomTimeouts;
}

/** A request the harness cannot carry out as the engine would. */
export class UnsupportedOptionError extends Error {
    constructor(urn: string, what: string) {
        super(
            `${urn}: the harness engine does not support ${what}; it refuses rather than ignore it (test/harness/README.md, parity table)`,
        );
        this.name = "UnsupportedOptionError";
    }
}

export function makeUrn(stack: string, project: string, qualifiedType: string, name: string): string {
    return `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
}

/** The qualified type part of a URN (`parent$child` for nested resources). */
export function qualifiedTypeOf(urn: string): string {
    return urn.split("::")[2] ?? "";
}

/**
 * @param parentType the qualified type of the parent URN (looked up from the request's parent).
 */
export function goalFromRequest(req: RegisterResourceRequest, stack: string, project: string): Goal {
    const type = req.getType();
    const name = req.getName();
    const parent = req.getParent();
    const parentType = parent === "" ? "" : qualifiedTypeOf(parent);
    const qualified = parentType === "" || parentType === ROOT_STACK_TYPE ? type : `${parentType}$${type}`;
    const urn = makeUrn(stack, project, qualified, name);
    refuseUnsupported(req, urn);
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
        propertyDependencies[key] = deps.getUrnsList();
    });
    const timeouts = req.getCustomtimeouts();
    const customTimeouts: CustomTimeouts = {};
    if (timeouts?.getCreate()) customTimeouts.create = timeouts.getCreate();
    if (timeouts?.getUpdate()) customTimeouts.update = timeouts.getUpdate();
    if (timeouts?.getDelete()) customTimeouts.delete = timeouts.getDelete();
    return {
        urn,
        type,
        name,
        custom: req.getCustom(),
        parent,
        inputs: toPropertyMap(req.getObject()?.toJavaScript() ?? {}, `${urn} inputs`),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        protect: req.getProtect() ?? false,
        retainOnDelete: req.getRetainondelete() ?? false,
        ignoreChanges: req.getIgnorechangesList(),
        replaceOnChanges: req.getReplaceonchangesList(),
        deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        aliasUrns: req.getAliasurnsList(),
        customTimeouts,
    };
}

function refuseUnsupported(req: RegisterResourceRequest, urn: string): void {
    if (req.getRemote()) throw new UnsupportedOptionError(urn, "remote (multi-language) components");
    if (req.getImportid() !== "") throw new UnsupportedOptionError(urn, "the import option");
    if (req.getDeletedwith() !== "") throw new UnsupportedOptionError(urn, "deletedWith");
    if (req.getReplaceWithList().length > 0) throw new UnsupportedOptionError(urn, "replaceWith");
    if (req.getReplacementTrigger() !== undefined) throw new UnsupportedOptionError(urn, "replacementTrigger");
    if (req.getAliasesList().length > 0)
        throw new UnsupportedOptionError(
            urn,
            "alias specs (the monitor answers aliasSpecs=false, so the SDK sends alias URNs)",
        );
    if (hasHooks(req)) throw new UnsupportedOptionError(urn, "resource hooks");
    if (req.getTransformsList().length > 0) throw new UnsupportedOptionError(urn, "transforms");
    if (req.getProvider() !== "")
        throw new UnsupportedOptionError(
            urn,
            "explicit provider resources (every resource uses its package's default provider)",
        );
    if (req.getProvidersMap().getLength() > 0) throw new UnsupportedOptionError(urn, "a providers map");
    if (req.getPackageref() !== "") throw new UnsupportedOptionError(urn, "parameterized packages");
}

function hasHooks(req: RegisterResourceRequest): boolean {
    const hooks = req.getHooks();
    if (!hooks) return false;
    const lists = [
        hooks.getBeforeCreateList(),
        hooks.getAfterCreateList(),
        hooks.getBeforeUpdateList(),
        hooks.getAfterUpdateList(),
    ];
    lists.push(hooks.getBeforeDeleteList(), hooks.getAfterDeleteList(), hooks.getOnErrorList());
    return lists.some((l) => l.length > 0);
}
