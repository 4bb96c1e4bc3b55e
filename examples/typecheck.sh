#!/usr/bin/env bash
# Type-checks every example program (each folder with a Pulumi.yaml) with its
# own tsconfig.json, against the real @pulumi/aws / @pulumi/azure-native types
# and the built certdeploy.
#
#   npm run build && examples/typecheck.sh    # npm ci in examples/, then tsc --noEmit per example
#   examples/typecheck.sh --no-install        # reuse examples/node_modules
#
# One shared install (examples/package.json workspaces + package-lock.json)
# serves all six examples: @pulumi/aws and @pulumi/azure-native are installed
# once instead of once per example. `certdeploy` is a link to this checkout,
# so its types are ../dist/sdk/index.d.ts: build the root first.
set -euo pipefail
cd "$(dirname "$0")"

install=1
for arg in "$@"; do
    case "$arg" in
        --no-install) install=0 ;;
        *)
            echo "usage: examples/typecheck.sh [--no-install]" >&2
            exit 2
            ;;
    esac
done

if [[ ! -f ../dist/sdk/index.d.ts ]]; then
    echo "typecheck.sh: ../dist/sdk/index.d.ts is missing: run npm run build at the repository root first" >&2
    exit 1
fi

if ((install)); then
    started=$SECONDS
    npm ci --no-audit --no-fund
    echo "typecheck.sh: installed in $((SECONDS - started)) s, examples/node_modules is $(du -sh node_modules | cut -f1)"
fi

status=0
for project in */Pulumi.yaml; do
    example=$(dirname "$project")
    # A Pulumi YAML program (yaml-alb) has nothing to type-check; test/examples/yaml-alb.test.ts checks it against schema.json.
    [[ -f "$example/tsconfig.json" ]] || continue
    started=$SECONDS
    if node_modules/.bin/tsc --noEmit -p "$example"; then
        echo "ok   $example ($((SECONDS - started)) s)"
    else
        echo "FAIL $example" >&2
        status=1
    fi
done
exit "$status"
