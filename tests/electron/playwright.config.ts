import { defineConfig } from '@playwright/test';
import { findElectronBinary, skipReason } from './electron-binary';

/**
 * The real app in the real Electron: built main, sandboxed preload and renderer (`out/`, from
 * `npx electron-vite build`). Where the Electron binary is missing, every test is skipped and the
 * reason is printed here, once, by the runner process (workers load this file too) — unless
 * REVERIE_REQUIRE_ELECTRON=1 (CI on machines with internet, .github/workflows/ci.yml): there a
 * missing binary is a broken install, and the run fails instead of passing with nothing tested.
 */
const binary = findElectronBinary();
if (!binary.ok && process.env.REVERIE_REQUIRE_ELECTRON === '1') {
  throw new Error(`[tests/electron] REVERIE_REQUIRE_ELECTRON=1 but the Electron binary is missing: ${binary.reason}.`);
}
if (!binary.ok && process.env.TEST_WORKER_INDEX === undefined) {
  console.log(`\n[tests/electron] ${skipReason(binary.reason)}\n`);
}

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../.tmp/electron-output',
  // One Electron at a time: each launch is a whole browser, and the suite is short.
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: 'list',
  use: { trace: 'retain-on-failure' },
});
