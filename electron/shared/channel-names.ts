/**
 * The name of every IPC channel and main→renderer event, and the media scheme, once. Zod-free: the
 * sandboxed preload imports these values, and must bundle nothing else of electron/shared (its
 * schemas would bring zod along; eslint.config.js allows the preload this one file). contract.ts
 * gives each channel here its input schema and output type and each event its payload, and fails
 * to compile when a name here has no entry there or the other way round.
 */

export const CHANNEL_NAMES = [
  'key:status',
  'key:save',
  'key:remove',
  'key:test',
  'settings:get',
  'settings:update',
  'generate:enqueue',
  'queue:list',
  'queue:cancel',
  'queue:cancel-all',
  'queue:retry',
  'queue:download-again',
  'queue:resume',
  'queue:dismiss',
  'queue:clear-finished',
  'cost:summary',
  'history:list',
  'templates:list',
  'templates:save',
  'templates:delete',
  'draft:get',
  'draft:save',
  'shell:open-link',
  'library:list',
  'library:count',
  'library:get',
  'library:counts',
  'library:set-favorite',
  'library:add-tag',
  'library:remove-tag',
  'library:trash',
  'library:restore',
  'library:empty-trash',
  'library:undo',
  'library:import',
  'library:import-picked',
  'library:rebuild',
  'library:location',
  'library:move',
  'tags:list',
  'tags:rename',
  'collections:list',
  'collections:create',
  'collections:rename',
  'collections:delete',
  'collections:add',
  'collections:remove',
  'export:start',
  'export:cancel',
  'export:show-in-folder',
  'clipboard:copy',
  'drag:prepare',
  'drag:start',
  'library:backup',
  'library:restore-backup',
  'network:status',
  'network:check',
  'notices:list',
  'notices:dismiss',
  'notices:reveal',
  'library:lineage',
  'account:balance',
  'pricing:get',
] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = [
  'library:item-added',
  'queue:job-updated',
  'queue:jobs-removed',
  'queue:status',
  'cost:changed',
  'library:item-updated',
  'library:changed',
  'network:changed',
  'export:progress',
  'export:finished',
  'import:progress',
  'menu:command',
  'notices:changed',
  'account:balance-changed',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** Library images are served by id under this origin, never by path. */
export const MEDIA_SCHEME = 'reverie-media';
export const MEDIA_BASE = `${MEDIA_SCHEME}://library`;

const listed = (names: readonly string[], name: unknown): boolean => typeof name === 'string' && names.includes(name);

/** Whether an untrusted value is one of the channel names (the preload refuses any other). */
export const isChannelName = (name: unknown): name is ChannelName => listed(CHANNEL_NAMES, name);
export const isEventName = (name: unknown): name is EventName => listed(EVENT_NAMES, name);
