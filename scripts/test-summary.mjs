// Adds up the JSON reports of every suite into the one line CI reads: `N passed, N failed, N skipped`.
// A suite whose report is missing (it crashed, or the build before it failed) counts as a failure,
// and so does a failed build or lint step: a green line always means everything ran and passed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.tmp/test-results';
const read = (name) => (existsSync(join(dir, name)) ? JSON.parse(readFileSync(join(dir, name), 'utf8')) : null);
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

const vitest = read('vitest.json');
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
  // A file that fails to load has no tests to count; it is still a failure.
  const brokenFiles = vitest.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
  totals.failed += brokenFiles.length;
  for (const file of brokenFiles) problems.push(`test file failed to run: ${file.name}`);
} else problems.push('vitest produced no report');

for (const suite of ['e2e', 'electron']) {
  const report = read(`${suite}.json`);
  if (!report) {
    problems.push(`${suite} suite produced no report`);
    totals.failed += 1;
    continue;
  }
  totals.passed += report.stats.expected + report.stats.flaky;
  totals.failed += report.stats.unexpected + (report.errors?.length ?? 0);
  totals.skipped += report.stats.skipped;
}
if (!vitest) totals.failed += 1;

const stepsFailed = existsSync(join(dir, 'steps-failed'))
  ? readFileSync(join(dir, 'steps-failed'), 'utf8')
      .split('\n')
      .filter((s) => s && s !== 'suites')
  : [];
for (const step of stepsFailed) problems.push(`step failed: ${step}`);
totals.failed += stepsFailed.length;

for (const problem of problems) console.log(`test-summary: ${problem}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
