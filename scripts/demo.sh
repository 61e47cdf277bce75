#!/usr/bin/env bash
# The main job on a bundled example: inspect a module, then run it through the embedding API
# on every engine that is built.
set -euo pipefail
build=${1:-build}
module=$build/examples/greet.wasm
echo "== strata inspect $module"
"$build/bin/strata" inspect "$module"
for engine in $("$build/bin/strata" engines --names); do
  echo "== embedding example on engine '$engine'"
  "$build/bin/strata-embed-example" "$module" "$engine"
done
