// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import eslintConfigPrettier from 'eslint-config-prettier/flat';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Lint rules that tie each file to the runtime it runs in (after Signal-Desktop's rule): services
 * and pure main modules run under plain Node in tests, the preload in a sandbox, the renderer in a
 * browser page. A wrong import fails `npm run lint` instead of failing at runtime on a user's machine.
 */

const SOURCE = '**/*.{js,mjs,cjs,ts,mts,cts,tsx}';
/** The files the tsconfig projects hold, which the type-aware rules can read types for. */
const TYPED_SOURCE = '**/*.{ts,mts,cts,tsx}';

const ELECTRON = [
  {
    name: 'electron',
    message:
      'Electron stays at the edges (index, window, protocol/electron-protocol, ipc/electron-ipc, menu, adapters/). Take what you need as a parameter (see services/ports.ts).',
  },
];
const NATIVE = [
  { name: 'keytar', message: 'keytar is native: only adapters/keytar-secret-store.ts loads it; depend on the SecretStore port instead.' },
  { name: 'sharp', message: 'sharp is native: only adapters/sharp-image-codec.ts loads it; depend on the ImageCodec port instead.' },
  {
    name: 'electron-store',
    message: 'electron-store needs Electron: only adapters/electron-settings-backend.ts loads it; depend on the SettingsBackend port.',
  },
  { name: 'better-sqlite3', message: 'No native SQLite: the library uses node:sqlite.' },
  { name: 'sqlite3', message: 'No native SQLite: the library uses node:sqlite.' },
  { name: 'bindings', message: 'Native bindings belong in adapters/.' },
  { name: 'node-gyp-build', message: 'Native bindings belong in adapters/.' },
];
const NATIVE_PATTERNS = [
  { regex: '^electron/', message: 'Electron stays at the edges (index, window, protocol, ipc, menu, adapters/).' },
  { regex: '^@img/', message: "sharp's libvips is native: only adapters/ may load it." },
  { regex: '\\.node$', message: 'Native addons belong in adapters/.' },
];

const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));

const SHARED_PATTERNS = [...NATIVE_PATTERNS, { regex: '^node:', message: 'electron/shared is also loaded by the renderer: no Node built-ins.' }];

/**
 * The files of electron/shared (paths without `.ts`) that bundle no zod, checked below: the renderer
 * may import their values, the preload those of channel-names alone. Everything else there is types
 * only for both (its schemas would bring zod, whose eval probe would also trip the page's CSP).
 */
const ZOD_FREE_SHARED = [
  'constants',
  'template-variables',
  'control-characters',
  'prompt-length',
  'channel-names',
  'errors',
  'domain/library-filters',
  'domain/family',
];

const restrict = (paths, patterns = []) => ['error', { paths, patterns }];

/**
 * Which subsystem of electron/main/services may import which: a layered graph with no cycles, from
 * the API and the SQLite index at the bottom to the studio that composes them all at the top. Change
 * this table and docs/architecture.md together.
 */
const SERVICE_LAYERS = {
  api: [],
  library: [],
  'image-metadata': [],
  settings: [],
  prompts: ['library'],
  'library-folder': ['api', 'library', 'image-metadata'],
  export: ['api', 'library', 'library-folder', 'image-metadata'],
  backup: ['api', 'library', 'library-folder', 'image-metadata'],
  queue: ['api', 'library', 'library-folder', 'image-metadata', 'export'],
  studio: ['api', 'library', 'image-metadata', 'settings', 'prompts', 'library-folder', 'export', 'backup', 'queue'],
};
const SUBSYSTEMS = Object.keys(SERVICE_LAYERS);
/** Relative specifiers that reach a subsystem folder (`../queue/…` from a sibling, `./queue/…` from a loose file). */
const subsystemImport = (name) => `^(\\.\\.?/)+${name}/`;
const MAIN_EDGES = {
  regex: '^(\\.\\./)+(ipc|protocol|adapters)/',
  message: 'Services know nothing of IPC, protocols or adapters: take what you need as a port (services/ports.ts).',
};

function serviceLayerRules() {
  const forbidden = (allowed, who) =>
    SUBSYSTEMS.filter((name) => !allowed.includes(name)).map((name) => ({
      regex: subsystemImport(name),
      message: `${who} may not import services/${name}/ (layers: eslint.config.js SERVICE_LAYERS, docs/architecture.md).`,
    }));
  return [
    {
      files: ['electron/main/services/*.ts'],
      rules: {
        '@typescript-eslint/no-restricted-imports': restrict(
          [...ELECTRON, ...NATIVE],
          [...NATIVE_PATTERNS, MAIN_EDGES, ...forbidden([], 'A loose service file')],
        ),
      },
    },
    ...SUBSYSTEMS.map((name) => ({
      files: [`electron/main/services/${name}/**`],
      rules: {
        '@typescript-eslint/no-restricted-imports': restrict(
          [...ELECTRON, ...NATIVE],
          [...NATIVE_PATTERNS, MAIN_EDGES, ...forbidden([...SERVICE_LAYERS[name], name], `services/${name}/`)],
        ),
      },
    })),
  ];
}

export default defineConfig(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.reverie-dev/**', '.tmp/**'] },

  { files: [SOURCE], extends: [js.configs.recommended, ...tseslint.configs.recommended] },

  {
    files: [SOURCE],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },

  // Type-aware rules, with each file's types from its tsconfig project (tsconfig.json's references): a
  // promise is awaited, returned, or let go on purpose with `void`; none is handed where its result is
  // ignored (an event handler, a forEach callback), so no rejection is lost unseen; a switch over a union
  // names every member (a `default` alone does not count, so a new member is not silently taken by it).
  {
    files: [TYPED_SOURCE],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },

  // Tests may reach for `any` when faking hostile input; they run in Node and drive browser pages.
  // Playwright fixtures must destructure their first argument, so `async ({}, use) =>` is the idiom.
  {
    files: ['tests/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-empty-pattern': 'off' },
  },

  // The contract is bundled into main and (as types) into the preload and renderer: no runtime-specific imports.
  {
    files: ['electron/shared/**'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict([...ELECTRON, ...NATIVE], SHARED_PATTERNS) },
  },

  // The zod-free files of electron/shared, whose values the renderer (and, for channel-names, the
  // preload) may import: no zod, and values only from one another (types from anywhere).
  {
    files: ZOD_FREE_SHARED.map((name) => `electron/shared/${name}.ts`),
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [
          ...ELECTRON,
          ...NATIVE,
          { name: 'zod', message: 'This file is zod-free: the renderer or the preload imports its values (eslint.config.js ZOD_FREE_SHARED).' },
        ],
        [
          ...SHARED_PATTERNS,
          {
            regex: `^\\.\\.?/(?!(.*/)?(${ZOD_FREE_SHARED.map((name) => name.split('/').pop()).join('|')})$)`,
            allowTypeImports: true,
            message: 'A zod-free file imports values only from the other zod-free files (ZOD_FREE_SHARED); `import type` from anywhere in electron/shared.',
          },
        ],
      ),
    },
  },

  // Services run under plain Node in unit tests and the browser harness: not even Electron's types.
  // Each subsystem folder may import only the subsystems listed for it (and the loose files directly
  // in services/); the layers are drawn in docs/architecture.md. Loose files import no subsystem.
  ...serviceLayerRules(),

  // The pure main modules (dispatch, sender check, paths, CSP …) are unit-tested under plain Node:
  // Electron's types are fine (erased), its runtime is not.
  {
    files: ['electron/main/**'],
    ignores: [
      'electron/main/index.ts',
      'electron/main/window.ts',
      'electron/main/protocol/electron-protocol.ts',
      'electron/main/ipc/electron-ipc.ts',
      'electron/main/menu.ts',
      'electron/main/adapters/**',
      'electron/main/services/**',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([...ELECTRON.map((entry) => ({ ...entry, allowTypeImports: true })), ...NATIVE], NATIVE_PATTERNS),
    },
  },

  // These two adapters serve the browser test harness too, which runs without Electron.
  {
    files: ['electron/main/adapters/keytar-secret-store.ts', 'electron/main/adapters/file-settings-backend.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [...ELECTRON, NATIVE[2]].map((entry) => ({
          ...entry,
          message: `${entry.message} This adapter must also load under plain Node (browser test harness).`,
        })),
        [NATIVE_PATTERNS[0]],
      ),
    },
  },

  // The sandboxed preload: `electron`, its own folder, the channel names, and types from the contract. Nothing else.
  {
    files: ['electron/preload/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$)(?!\\./)(?!\\.\\./shared/)',
              message: 'The sandboxed preload may import only `electron`, files next to it, the channel names and types from electron/shared.',
            },
            {
              regex: '^\\.\\./shared/(?!channel-names$)',
              allowTypeImports: true,
              message:
                'Import only types from electron/shared here (`import type`), values only from the zod-free channel-names.ts: others would bundle zod into the preload.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'module', 'Buffer', 'global', '__dirname', '__filename'],
    },
  },

  // The renderer is a web page: no Electron, no Node, no main-process code.
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      '@typescript-eslint/no-restricted-imports': restrict(
        [
          ...ELECTRON.map((entry) => ({ ...entry, message: 'The renderer talks to main only through window.reverie (renderer/src/ipc.ts).' })),
          ...NODE_BUILTINS.map((name) => ({ name, message: 'The renderer is a sandboxed web page: no Node built-ins.' })),
        ],
        [
          { regex: '^node:', message: 'The renderer is a sandboxed web page: no Node built-ins.' },
          { regex: '^electron/', message: 'The renderer talks to main only through window.reverie.' },
          { regex: '(^|/)electron/main(/|$)', message: 'Main-process code never runs in the renderer; share types through electron/shared.' },
          { regex: '(^|/)electron/preload(/|$)', message: 'The preload is not importable from the page; use window.reverie via renderer/src/ipc.ts.' },
          {
            regex: `(^|/)electron/shared/(?!(${ZOD_FREE_SHARED.join('|')})$)`,
            allowTypeImports: true,
            message: `Import only types from the contract here (\`import type\`); values come from the zod-free files of electron/shared: ${ZOD_FREE_SHARED.join(', ')}.`,
          },
        ],
      ),
      'no-restricted-globals': ['error', 'process', 'require', 'module', 'Buffer', 'global', '__dirname', '__filename'],
    },
  },

  // Last: turns off the stylistic rules that Prettier decides (npm run format), so the two never disagree.
  eslintConfigPrettier,
);
