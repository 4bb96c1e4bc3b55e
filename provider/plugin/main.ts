#!/usr/bin/env node
/**
 * `pulumi-resource-certdeploy`: the package bin, for a plugin directory that
 * holds the executable itself. Through PulumiPlugin.yaml (runtime: nodejs) the
 * engine instead loads the package's `main`, which starts the same server (entry.ts).
 */
import { runPlugin } from "./serve";

runPlugin(process.argv.slice(2));
