/**
 * Resource options of a certificate set, split between the set (a component:
 * state only) and its children (the certificates that are deployed).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Member } from "./set-members";

/**
 * The options a set takes: a component's, plus the custom-resource options
 * that only mean something on the certificates (passed to every child).
 */
export type CertificateSetOptions = pulumi.ComponentResourceOptions &
    Pick<pulumi.CustomResourceOptions, "deleteBeforeReplace" | "additionalSecretOutputs">;

/** Options for one member of a set: what a refactoring stack needs to keep an existing certificate. */
export interface SetMemberOptions {
    /**
     * Former URNs or names of this member's certificate, e.g. to move an existing
     * `new AcmCertificate("api", …)` into the set: `[{ name: "api", parent: pulumi.rootStackResource }]`.
     * (A set renamed or moved as a whole needs only the set's own `aliases`: its children inherit them.)
     */
    aliases?: pulumi.Input<pulumi.URN | pulumi.Alias>[];
    /** This member's provenance id instead of the set's `<certificateId>-<suffix>`, e.g. the id a moved certificate had. */
    certificateId?: pulumi.Input<string>;
}

/** The set's own options: everything but what only the children use. */
export function componentOptions(opts: CertificateSetOptions | undefined): pulumi.ComponentResourceOptions {
    const {
        ignoreChanges: _i,
        customTimeouts: _c,
        retainOnDelete: _r,
        replaceOnChanges: _o,
        deleteBeforeReplace: _d,
        additionalSecretOutputs: _a,
        deletedWith: _w,
        ...own
    } = opts ?? {};
    return own;
}

/**
 * One child's options. `protect` comes from the parent (the SDK inherits it);
 * the set's `aliases` reach the child through the parent too (the SDK derives
 * child aliases from the parent's, renaming the `<set name>-` prefix). The
 * set's `dependsOn` needs no copy: a child registers only once the set has,
 * and the set registers only after its dependencies. The rest is passed on,
 * and every member but the canary depends on the canary.
 */
export function childOptions(
    parent: pulumi.ComponentResource,
    opts: CertificateSetOptions | undefined,
    member: SetMemberOptions | undefined,
    canary: pulumi.Resource | undefined,
): pulumi.CustomResourceOptions {
    const child: pulumi.CustomResourceOptions = { parent };
    if (opts?.ignoreChanges !== undefined) child.ignoreChanges = opts.ignoreChanges;
    if (opts?.customTimeouts !== undefined) child.customTimeouts = opts.customTimeouts;
    if (opts?.retainOnDelete !== undefined) child.retainOnDelete = opts.retainOnDelete;
    if (opts?.replaceOnChanges !== undefined) child.replaceOnChanges = opts.replaceOnChanges;
    if (opts?.deleteBeforeReplace !== undefined) child.deleteBeforeReplace = opts.deleteBeforeReplace;
    if (opts?.additionalSecretOutputs !== undefined) child.additionalSecretOutputs = opts.additionalSecretOutputs;
    if (opts?.deletedWith !== undefined) child.deletedWith = opts.deletedWith;
    if (member?.aliases !== undefined) child.aliases = member.aliases;
    if (canary !== undefined) child.dependsOn = [canary];
    return child;
}

/** The member's own id, else `<set's certificateId>-<suffix>`, else nothing: the child defaults to `<project>/<stack>/<child name>`. */
export function childCertificateId(
    setId: pulumi.Input<string> | undefined,
    own: SetMemberOptions | undefined,
    member: Member,
): { certificateId?: pulumi.Input<string> } {
    if (own?.certificateId !== undefined) return { certificateId: own.certificateId };
    if (setId !== undefined) return { certificateId: pulumi.interpolate`${setId}-${member.suffix}` };
    return {};
}

/**
 * Builds one child per member, canary first, each after `make` with its
 * options; every child after the canary depends on it. Returns them by the
 * member as given, e.g. `{ "us-east-1": AcmCertificate, "eu-west-1": AcmCertificate }`.
 */
export function buildChildren<C extends pulumi.CustomResource>(
    set: pulumi.ComponentResource,
    members: readonly Member[],
    opts: CertificateSetOptions | undefined,
    perMember: Readonly<Record<string, SetMemberOptions>> | undefined,
    make: (member: Member, own: SetMemberOptions | undefined, options: pulumi.CustomResourceOptions) => C,
): { children: Record<string, C>; canary: C } {
    const children: Record<string, C> = {};
    let canary: C | undefined;
    for (const member of members) {
        const own = member.optionsKey === undefined ? undefined : perMember?.[member.optionsKey];
        // planMembers puts the canary first, so it exists before the members that depend on it.
        const child = make(member, own, childOptions(set, opts, own, member.canary ? undefined : canary));
        if (member.canary) canary = child;
        children[member.given] = child;
    }
    // planMembers never returns an empty list.
    return { children, canary: canary! };
}
