import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { DEVELOPMENT_CSP, PRODUCTION_CSP } from './electron/main/protocol/csp';

const root = import.meta.dirname;

/**
 * Puts the Content-Security-Policy <meta> first in <head>: a policy covers only what comes after it.
 * `order: 'post'` so that it is prepended after the React refresh preamble and the Vite client are.
 * The strict policy for every build; the relaxed one only while `electron-vite dev` serves with HMR.
 */
function contentSecurityPolicy(): Plugin {
  let policy = PRODUCTION_CSP;
  return {
    name: 'reverie:content-security-policy',
    configResolved(config) {
      policy = config.command === 'serve' ? DEVELOPMENT_CSP : PRODUCTION_CSP;
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }],
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Native and Electron-bound packages load from node_modules at runtime (unpacked from the
      // asar where native); everything else, zod included, is bundled.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/main/index.ts') },
        external: ['keytar', 'sharp', /^@img\//, 'electron-store', /^node:/],
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload cannot load ES modules nor anything from node_modules: one CommonJS
      // file with everything bundled, `electron` being the only require left in it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react(), contentSecurityPolicy()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // electron-vite leaves minification off by default; the page should load as little as it can.
      minify: true,
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
