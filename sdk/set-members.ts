/**
 * The members of a certificate set (regions of an AcmCertificateSet, vaults
 * of a KeyVaultCertificateSet), checked when the set is constructed, so a
 * mistake fails `pulumi preview` before anything is registered:
 *
 *     planMembers({ set: 'AcmCertificateSet "api"', name: "api", list: "regions", canaryName: "canaryRegion", ... }, ["eu-west-1", "us-east-1"], "us-east-1", identify)
 *     → [{ given: "us-east-1", suffix: "us-east-1", canary: true }, { given: "eu-west-1", suffix: "eu-west-1", canary: false }]
 */
import * as pulumi from "@pulumi/pulumi";

/** What one entry of the list is: the child name suffix, and the key under which two spellings are the same member. */
export interface MemberIdentity {
    suffix: string;
    identity: string;
}

export interface Member {
    /** The entry as the user wrote it: the key of the set's output map. */
    given: string;
    /** The child is named `<set name>-<suffix>`. */
    suffix: string;
    canary: boolean;
    /** The key of the per-member options that names this member (any spelling of it), if one does. */
    optionsKey?: string;
}

export interface MemberListNames {
    /** How errors name the set, e.g. `AcmCertificateSet "api"`. */
    set: string;
    /** The set's resource name, e.g. `api`: children are `<name>-<suffix>`. */
    name: string;
    /** The list input, e.g. `regions`. */
    list: string;
    /** The canary input, e.g. `canaryRegion`. */
    canaryName: string;
    /** The per-member options input, e.g. `perRegion`. */
    perMemberName: string;
    /** One member in an error, e.g. `region` or `vault URL`. */
    noun: string;
}

/** A construction error of a set: a clean message (no stack trace) that names the set and what to fix. */
const refuse = (names: MemberListNames, what: string): pulumi.RunError => new pulumi.RunError(`${names.set}: ${what}`);

/**
 * The members, canary first and the rest in list order. Refuses an empty list,
 * an entry `identify` rejects, two entries that are the same member or would
 * give two children the same name, a canary not in the list, and per-member
 * options for a member not in the list.
 */
export function planMembers(
    names: MemberListNames,
    given: readonly string[] | undefined,
    canary: string | undefined,
    perMember: readonly string[],
    identify: (entry: string) => MemberIdentity | string,
): Member[] {
    // JavaScript callers and config can hand anything over: check the shape, not only the type.
    if (given !== undefined && !Array.isArray(given)) {
        throw refuse(
            names,
            `${names.list} must be a list of plain strings (the children are named from them when the program runs), not an Output or a single value`,
        );
    }
    const entries: readonly unknown[] = given ?? [];
    if (entries.length === 0) throw refuse(names, `${names.list} is empty; list at least one ${names.noun}`);
    const byIdentity = new Map<string, string>();
    const bySuffix = new Map<string, string>();
    const members: (Member & { identity: string })[] = [];
    for (const entry of entries) {
        if (typeof entry !== "string")
            throw refuse(
                names,
                `${names.list} must hold plain strings (the children are named from them when the program runs), not Outputs`,
            );
        const found = identify(entry);
        if (typeof found === "string") throw refuse(names, found);
        const sameMember = byIdentity.get(found.identity);
        if (sameMember !== undefined) {
            const spelled =
                sameMember === entry
                    ? `"${entry}" twice`
                    : `"${sameMember}" and "${entry}", which are the same ${names.noun}`;
            throw refuse(names, `${names.list} lists ${spelled}; list each ${names.noun} once`);
        }
        const sameName = bySuffix.get(found.suffix);
        if (sameName !== undefined) {
            throw refuse(
                names,
                `${names.list} "${sameName}" and "${entry}" would both name their certificate "${names.name}-${found.suffix}"; put them in two sets`,
            );
        }
        byIdentity.set(found.identity, entry);
        bySuffix.set(found.suffix, entry);
        members.push({ given: entry, suffix: found.suffix, identity: found.identity, canary: false });
    }
    const canaryIndex = canary === undefined ? 0 : indexOf(names, members, canary, identify, names.canaryName);
    members[canaryIndex].canary = true;
    for (const key of perMember) {
        const member = members[indexOf(names, members, key, identify, `${names.perMemberName} key`)];
        if (member.optionsKey !== undefined)
            throw refuse(
                names,
                `${names.perMemberName} has "${member.optionsKey}" and "${key}" for the same ${names.noun}; keep one`,
            );
        member.optionsKey = key;
    }
    const ordered = [members[canaryIndex], ...members.filter((_, i) => i !== canaryIndex)];
    return ordered.map(({ identity: _identity, ...member }) => member);
}

function indexOf(
    names: MemberListNames,
    members: readonly { identity: string }[],
    entry: string,
    identify: (entry: string) => MemberIdentity | string,
    what: string,
): number {
    const found = typeof entry === "string" ? identify(entry) : undefined;
    const index = typeof found === "object" ? members.findIndex((m) => m.identity === found.identity) : -1;
    if (index < 0)
        throw refuse(
            names,
            `${what} "${String(entry)}" is not in ${names.list}; add it to ${names.list} or name one that is there`,
        );
    return index;
}
