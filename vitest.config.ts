import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/unit/setup.ts'],
          // Hang guards, not measurements (see tests/unit/setup.ts): under load the 5 s and 10 s
          // defaults failed sound tests. A test fails on what it sees, never on how long it took.
          testTimeout: 300_000,
          hookTimeout: 300_000,
          expect: { poll: { timeout: 60_000 } },
          // Run through Vitest rather than Node, so a test's vi.mock('electron') reaches the real
          // electron-store (whose `import electron` would otherwise load the missing Electron binary).
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['tests/renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['tests/renderer/setup.ts'],
        },
      },
      {
        // How Reverie ships: electron-builder against the built out/, and the CI workflow.
        test: {
          name: 'packaging',
          include: ['tests/packaging/**/*.test.ts'],
          environment: 'node',
          // electron-builder packs ~70 packages and libvips in one beforeAll; this only guards against
          // a hang, it measures nothing.
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
