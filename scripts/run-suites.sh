#!/usr/bin/env bash
# The test suites proper; scripts/test-all.sh runs this inside the throwaway keyring session.
# Each suite writes a JSON report into $1 for scripts/test-summary.mjs; a suite that fails still
# lets the next one run, so one run tells everything.
set -uo pipefail
results=$1
status=0

vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json" || status=1

PLAYWRIGHT_JSON_OUTPUT_FILE="$results/e2e.json" \
  playwright test -c tests/e2e/playwright.config.ts --reporter=list,json || status=1

PLAYWRIGHT_JSON_OUTPUT_FILE="$results/electron.json" \
  playwright test -c tests/electron/playwright.config.ts --reporter=list,json || status=1

exit $status
