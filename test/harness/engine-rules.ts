/**
 * The engine's per-resource rules that need no provider call, as pure
 * functions (pulumi pkg/resource/deploy/step_generator.go unless noted).
 */
import type { DiffResult } from "./host";
import { isObject, type JsonValue, type PropertyMap } from "./wire";

/** `a.b.c` / `a["b"]` / `a[0]` → segments; the subset of resource.ParsePropertyPath the harness needs. */
export function parsePropertyPath(path: string): string[] {
    const segments: string[] = [];
    const re = /([^.[\]]+)|\[(\d+|\*)\]|\["([^"]+)"\]/g;
    for (const m of path.matchAll(re)) segments.push(m[1] ?? m[2] ?? m[3] ?? "");
    if (segments.length === 0) throw new Error(`cannot parse property path "${path}"`);
    return segments;
}

function child(v: JsonValue | undefined, key: string): JsonValue | undefined {
    if (Array.isArray(v)) return v[Number(key)];
    if (isObject(v)) return v[key];
    return undefined;
}

/** A deep copy of `news` with the value at `path` reset to the one in `olds` (PropertyPath.Reset). */
function resetPath(news: PropertyMap, olds: PropertyMap, path: string[]): PropertyMap | undefined {
    const [head, ...rest] = path;
    if (head === "*") return undefined;
    const oldValue = olds[head];
    if (rest.length === 0) {
        const out = { ...news };
        if (oldValue === undefined) delete out[head];
        else out[head] = structuredClone(oldValue);
        return out;
    }
    const newValue = news[head];
    if (!isObject(newValue) || !isObject(oldValue))
        return child(newValue, rest[0]) === undefined && child(oldValue, rest[0]) === undefined ? news : undefined;
    const inner = resetPath(newValue, oldValue, rest);
    return inner === undefined ? undefined : { ...news, [head]: inner };
}

/**
 * ignoreChanges: the ignored paths of the new inputs take their old values
 * before Check (processIgnoreChanges). Paths that cannot be reset (added or
 * removed elements) are left as they are, as the engine does.
 */
export function applyIgnoreChanges(news: PropertyMap, olds: PropertyMap, ignoreChanges: string[]): PropertyMap {
    let out = news;
    for (const p of ignoreChanges) out = resetPath(out, olds, parsePropertyPath(p)) ?? out;
    return out;
}

/** The special key the engine uses for "initialization errors" in replaceOnChanges. */
const INIT_ERROR_KEY = "__initErrors";

function pathContains(outer: string[], inner: string[]): boolean {
    if (outer.length > inner.length) return false;
    return outer.every((seg, i) => seg === "*" || seg === inner[i]);
}

/**
 * replaceOnChanges: a changed key under a replaceOnChanges path becomes a
 * replacement; an init error does too when `__initErrors` is listed
 * (applyReplaceOnChanges).
 */
export function applyReplaceOnChanges(
    diff: DiffResult,
    replaceOnChanges: string[],
    hasInitErrors: boolean,
): DiffResult {
    if (diff.changes !== "some" && !hasInitErrors) return diff;
    const paths = replaceOnChanges.map(parsePropertyPath);
    const replaces = new Set(diff.replaces);
    for (const key of diff.diffs) {
        if (paths.some((p) => pathContains(p, parsePropertyPath(key)))) replaces.add(key);
    }
    let changes = diff.changes;
    if (hasInitErrors && paths.some((p) => pathContains(p, [INIT_ERROR_KEY]))) {
        replaces.add(INIT_ERROR_KEY);
        changes = "some";
    }
    return { ...diff, changes, replaces: [...replaces] };
}

/**
 * A Go duration string ("90s", "5m", "1h30m") in seconds, as the engine turns
 * customTimeouts into the provider request's `timeout` (source_eval.go).
 */
export function durationSeconds(value: string | undefined): number {
    if (value === undefined || value === "") return 0;
    const units: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
    let total = 0;
    let rest = value;
    const re = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/;
    while (rest.length > 0) {
        const m = re.exec(rest);
        if (!m) throw new Error(`customTimeouts: "${value}" is not a duration (e.g. "90s", "5m")`);
        total += Number(m[1]) * units[m[2]];
        rest = rest.slice(m[0].length);
    }
    return total;
}

/** The message the engine gives when a protected resource would be deleted (step.go, deleteProtectedError). */
export function deleteProtectedMessage(urn: string): string {
    return (
        `resource "${urn}" cannot be deleted because it is protected. To unprotect the resource, either remove the \`protect\` flag ` +
        `from the resource in your Pulumi program and run \`pulumi up\`, or use the command: \`pulumi state unprotect '${urn}'\``
    );
}

/** step_generator.go: a protected resource cannot be replaced. */
export function replaceProtectedMessage(urn: string): string {
    return `unable to replace resource "${urn}" as it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``;
}
