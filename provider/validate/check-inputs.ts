/**
 * The shared `check` flow: schema (ajv) → serving checks → target input rules → certificate
 * material → target material rules. Unknown inputs (preview) are skipped.
 * Returns CheckFailures for errors; warnings are returned for logging.
 */
import { readBundle, MaterialBundle } from "../material/bundle";
import { errorsOf, Problem } from "../material/problem";
import type { ServingCheck } from "../../sdk/schema-types";
import { PROVIDER_KEY } from "../deploy/state-props";
import { ResourceToken, validateAgainstSchema } from "./schema-validator";
import { checkServingChecks } from "./serving-checks";
import { withoutUnknowns } from "./unknown";

export interface TargetRules<I> {
    token: ResourceToken;
    inputs(known: Partial<I>): Problem[];
    material(bundle: MaterialBundle, known: Partial<I>): Problem[];
}

export interface CheckedInputs<I> {
    known: Partial<I>;
    unknown: string[];
    problems: Problem[];
    bundle?: MaterialBundle;
}

export function checkInputs<I>(
    rules: TargetRules<I>,
    news: Record<string, unknown>,
    now: Date = new Date(),
): CheckedInputs<I> {
    const { [PROVIDER_KEY]: _provider, ...props } = news;
    const { known, unknown } = withoutUnknowns(props);
    const schemaProblems = validateAgainstSchema(rules.token, known).filter((p) => !unknown.includes(p.property));
    const badProps = new Set(errorsOf(schemaProblems).map((p) => p.property));
    const valid = Object.fromEntries(Object.entries(known).filter(([k]) => !badProps.has(k))) as Partial<I>;
    const problems = [
        ...schemaProblems,
        ...checkServingChecks((valid as { servingChecks?: ServingCheck[] }).servingChecks),
        ...rules.inputs(valid),
    ];
    const material = valid as { certificatePem?: string; privateKeyPem?: string; chainPem?: string };
    const { bundle, problems: materialProblems } = readBundle(material, now);
    problems.push(...materialProblems);
    if (bundle) problems.push(...rules.material(bundle, valid));
    return {
        known: known as Partial<I>,
        unknown,
        problems,
        bundle: errorsOf(problems).length === 0 ? bundle : undefined,
    };
}
