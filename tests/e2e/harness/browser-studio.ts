import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from '@playwright/test';
import { createDispatcher } from '../../../electron/main/ipc/dispatch';
import type { Studio } from '../../../electron/main/services/studio/types';
import type { SecretStore } from '../../../electron/main/services/ports';
import { openHostedStudio, type HostOptions } from '../../support/open-hosted-studio';
import { createRecordingDesktop, type DesktopRecords } from '../../support/recording-ports';
import { deliverEvent, installBridge } from './bridge';
import { HARNESS_MEDIA_BASE, startRendererServer } from './renderer-server';

export const RENDERER_BUNDLE = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

/** The studio's ways out to the desktop: dialogs, clipboard, drag, file manager, browser, notifications. */
export type DesktopPorts = Required<Omit<HostOptions, 'dataDir' | 'secretStore' | 'apiBaseUrl' | 'emit'>>;

export interface BrowserStudioOptions {
  dataDir: string;
  /** Where the API key is kept: in memory for the e2e suite, the real keychain for the preview. */
  secretStore: SecretStore;
  apiBaseUrl: string;
  /** The page to show the studio in (the preview's app window); a new page of the context otherwise. */
  page?: Page;
  /** Desktop ports to use instead of the recording ones (the preview's path prompts). */
  desktop?: Partial<DesktopPorts>;
}

export interface BrowserStudio extends DesktopRecords {
  page: Page;
  studio: Studio;
  /** Console messages about Content-Security-Policy violations seen on the page. */
  cspViolations: string[];
  close(): Promise<void>;
}

/**
 * The studio as a user sees it, minus Electron: the built renderer in Chromium, `window.reverie`
 * wired to the real main-process services (key vault, API client, image store, SQLite library)
 * through the same validating dispatcher that ipc.ts puts behind ipcMain.
 */
export async function openBrowserStudio(context: BrowserContext, options: BrowserStudioOptions): Promise<BrowserStudio> {
  if (!existsSync(`${RENDERER_BUNDLE}/index.html`)) {
    throw new Error(`No renderer bundle at ${RENDERER_BUNDLE}: run \`npm run build\` first (npm test does).`);
  }
  const pages: Page[] = [];
  const desktop = createRecordingDesktop();
  const { page: givenPage, desktop: givenPorts, ...hostOptions } = options;
  const studio = await openHostedStudio({
    ...hostOptions,
    ...desktop.ports,
    ...givenPorts,
    emit: (event, payload) => void deliverEvent(pages, event, payload),
  });
  const server = await startRendererServer(RENDERER_BUNDLE, studio);
  const page = givenPage ?? (await context.newPage());
  pages.push(page);

  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) cspViolations.push(message.text());
  });

  await installBridge(page, createDispatcher(studio.handlers), HARNESS_MEDIA_BASE);
  await page.goto(`${server.origin}/index.html`);

  return {
    page,
    studio,
    cspViolations,
    ...desktop.records,
    async close() {
      if (!page.isClosed()) await page.close();
      await server.close();
      await studio.close();
    },
  };
}
