/**
 * YAML for the tests (Pulumi.yaml, PulumiPlugin.yaml), parsed with the js-yaml
 * that @pulumi/pulumi itself depends on (it reads Pulumi.yaml with it), loaded
 * from there rather than added as another dependency.
 */
import * as path from "node:path";

interface JsYaml {
    load(text: string): unknown;
}

export function parseYaml(text: string): unknown {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const yaml = require(require.resolve("js-yaml", { paths: [pulumiDir] })) as JsYaml;
    return yaml.load(text);
}
