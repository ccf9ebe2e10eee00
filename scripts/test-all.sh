#!/usr/bin/env bash
# `npm test`: typecheck and build, lint, then every suite inside a private D-Bus session with a
# real (throwaway) GNOME Keyring, and one closing line `N passed, N failed, N skipped`.
# Runs on the project's pinned Node (npm puts node_modules/.bin first on PATH).
set -uo pipefail
cd "$(dirname "$0")/.."

results=.tmp/test-results
rm -rf "$results" && mkdir -p "$results"
: > "$results/steps-failed"

step() {
  local name=$1; shift
  echo "::: $name"
  "$@" || echo "$name" >> "$results/steps-failed"
}

step build npm run build
step lint npm run lint
step suites scripts/with-keyring.sh bash scripts/run-suites.sh "$results"

node scripts/test-summary.mjs "$results"
