/**
 * Loads `examples/<name>/program.ts` for a test, the way the example runs under
 * Pulumi: transpiled (type-checking is examples/typecheck.sh's job) and
 * required from its own folder, so `@pulumi/aws`, `@pulumi/azure-native`,
 * `@pulumi/pulumi` and `certdeploy` resolve from the examples' shared install
 * (examples/node_modules, `certdeploy` linking back to this checkout's dist/).
 * The root package needs neither cloud SDK.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";
import * as ts from "typescript";

export const examplesRoot = path.resolve(__dirname, "../../../examples");

/**
 * Why the example tests cannot run here, or false when they can. With
 * CERTDEPLOY_EXAMPLES_REQUIRED=1 (CI) a missing install fails instead of skipping.
 */
export function examplesUnavailable(cloudPackage: "@pulumi/aws" | "@pulumi/azure-native"): string | false {
    const installed = fs.existsSync(path.join(examplesRoot, "node_modules", cloudPackage, "package.json"));
    const linked = fs.existsSync(path.join(examplesRoot, "node_modules", "certdeploy", "package.json"));
    if (installed && linked) return false;
    const reason = `examples/node_modules has no ${installed ? "certdeploy link" : cloudPackage}: run examples/typecheck.sh (or npm ci in examples/) first`;
    if (process.env.CERTDEPLOY_EXAMPLES_REQUIRED === "1") throw new Error(reason);
    return reason;
}

/** The named export of examples/<example>/program.ts, which must be a function. */
export function exampleFunction<F extends (...args: never[]) => unknown>(example: string, exportName: string): F {
    const file = path.join(examplesRoot, example, "program.ts");
    const loaded = loadModule(file);
    const fn = loaded[exportName];
    if (typeof fn !== "function") throw new Error(`${file} does not export a function ${exportName}`);
    return fn as F;
}

/** The parameters Node passes to every CommonJS module body. */
type CommonJsBody = (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
) => void;

function loadModule(file: string): Record<string, unknown> {
    const source = fs.readFileSync(file, "utf8");
    const { outputText } = ts.transpileModule(source, {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const module = { exports: {} as Record<string, unknown> };
    const body = vm.compileFunction(outputText, ["exports", "require", "module", "__filename", "__dirname"], {
        filename: file,
    }) as CommonJsBody;
    body(module.exports, createRequire(file), module, file, path.dirname(file));
    return module.exports;
}
