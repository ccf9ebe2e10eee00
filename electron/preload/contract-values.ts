import type { ChannelName, EventName, MEDIA_SCHEME as ContractMediaScheme } from '../shared/contract';

/**
 * The runtime values the preload needs from the contract, inlined: importing contract.ts would
 * bundle zod and every schema into the sandboxed preload. The types below make drift fail `tsc`,
 * and tests/unit/preload-contract-values.test.ts compares the values with the contract's.
 */

/** Compiles only when `Listed` covers every member of `All`. */
type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;

export const CHANNEL_NAMES = [
  'key:status',
  'key:save',
  'key:remove',
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
  'library:get',
  'library:set-favorite',
  'library:add-tag',
  'library:remove-tag',
  'library:trash',
  'library:restore',
  'library:empty-trash',
  'library:undo',
  'library:import',
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
] as const satisfies readonly ChannelName[];
const everyChannelListed: Exhaustive<ChannelName, (typeof CHANNEL_NAMES)[number]> = true;

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
  'menu:command',
  'notices:changed',
] as const satisfies readonly EventName[];
const everyEventListed: Exhaustive<EventName, (typeof EVENT_NAMES)[number]> = true;

void everyChannelListed;
void everyEventListed;

const MEDIA_SCHEME: typeof ContractMediaScheme = 'reverie-media';
export const MEDIA_BASE = `${MEDIA_SCHEME}://library`;

const listed = (names: readonly string[], name: unknown): boolean => typeof name === 'string' && names.includes(name);

export const isChannelName = (name: unknown): name is ChannelName => listed(CHANNEL_NAMES, name);
export const isEventName = (name: unknown): name is EventName => listed(EVENT_NAMES, name);
