import { randomUUID } from 'node:crypto';
import type { ChannelInput, ChannelName } from '../../../electron/shared/contract';

/** The ids a set of samples points at: real ones in a seeded studio, any uuids against fake handlers. */
export interface SampleIds {
  itemId: string;
  /** An item the samples move to the trash and back. */
  otherItemId: string;
  jobId: string;
  templateId: string;
  collectionId: string;
  /** A small real image, for an import. */
  png: Uint8Array;
}

export const placeholderIds = (): SampleIds => ({
  itemId: randomUUID(),
  otherItemId: randomUUID(),
  jobId: randomUUID(),
  templateId: randomUUID(),
  collectionId: randomUUID(),
  png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
});

/** Valid input for every channel of the contract; a new channel without one fails the typecheck. */
export type ChannelSamples = { [C in ChannelName]: Array<ChannelInput<C>> };

/**
 * At least one valid input per channel, with every optional text field filled in, so a test that
 * rewrites each string in turn reaches every free-text field of the contract. Paths never appear:
 * the renderer names ids, and main picks folders and files itself.
 */
export function channelSamples(ids: SampleIds): ChannelSamples {
  const one = { ids: [ids.itemId] };
  const byQuery = {
    query: {
      text: 'kite dunes',
      aspectRatios: ['3:2' as const],
      from: 0,
      to: 4_000_000_000_000,
      favoritesOnly: false,
      tags: ['fuzz'],
      collectionId: null,
      model: 'reve/create-image',
      statuses: ['ok' as const, 'missing' as const],
      view: 'library' as const,
      sort: 'newest' as const,
    },
    except: [ids.otherItemId],
  };
  return {
    'key:status': [undefined],
    // Not the fake API's key: a job that goes out comes back unauthorized at once, with no image and no charge.
    'key:save': [{ key: 'sk-fuzz-not-the-real-key', sessionOnly: true }],
    'key:remove': [undefined],
    // Tested as typed (never saved), then the stored one.
    'key:test': [{ key: 'sk-fuzz-not-the-real-key' }, {}],
    'settings:get': [undefined],
    'settings:update': [
      { apiBaseUrl: 'http://127.0.0.1:9/v1', defaultAspectRatio: '1:1', concurrency: 2, dailyBudgetUsd: 5, notifyWhenDone: false, dragFormat: 'png' },
      { apiBaseUrl: null, dailyBudgetUsd: null, theme: 'dark' },
    ],
    'generate:enqueue': [{ prompt: 'a lighthouse\tat dusk\nfog', aspectRatios: ['3:2'], count: 1, delivery: 'url', outputFormat: null }],
    'queue:list': [undefined],
    'queue:cancel': [{ jobId: ids.jobId }],
    'queue:cancel-all': [undefined],
    'queue:retry': [{ jobId: ids.jobId }],
    'queue:download-again': [{ jobId: ids.jobId }],
    'queue:resume': [undefined],
    'queue:dismiss': [{ jobId: ids.jobId }],
    'queue:clear-finished': [undefined],
    'cost:summary': [undefined],
    'history:list': [{ query: 'lighthouse', limit: 10 }],
    'templates:list': [undefined],
    'templates:save': [
      { id: ids.templateId, name: 'Harbour', text: 'a {place} at dawn' },
      { name: 'New one', text: 'a fox' },
    ],
    'templates:delete': [{ id: ids.templateId }],
    'draft:get': [undefined],
    'draft:save': [{ prompt: 'a draft\nwith two lines', aspectRatios: ['1:1', '16:9'], count: 2, delivery: 'base64', outputFormat: 'png' }],
    'shell:open-link': [{ link: 'docs' }],
    'library:list': [
      { query: byQuery.query, limit: 50, offset: 0 },
      { query: { view: 'trash', sort: 'oldest' }, limit: 10, cursor: 'WyJ0cmFzaGVkLWFzYyIsMSwiMCJd' },
      // The family filter: an item id, walked in SQL.
      { query: { family: ids.itemId, text: 'kite' }, limit: 20 },
    ],
    'library:get': [{ id: ids.itemId }],
    'library:counts': [undefined],
    'library:count': [{}, { query: { text: 'lighthouse', favoritesOnly: true } }],
    'library:set-favorite': [{ selection: one, favorite: true }],
    'library:add-tag': [
      { selection: one, tag: 'fuzz' },
      { selection: byQuery, tag: 'dunes' },
    ],
    'library:remove-tag': [{ selection: one, tag: 'dunes' }],
    'library:trash': [{ selection: { ids: [ids.otherItemId] } }],
    'library:restore': [{ selection: { ids: [ids.otherItemId] } }],
    'library:empty-trash': [{ confirm: true }],
    'library:undo': [undefined],
    'library:import': [{ files: [{ name: 'kite again.png', bytes: ids.png }] }],
    'library:import-picked': [undefined],
    'library:rebuild': [undefined],
    'library:location': [undefined],
    'library:move': [undefined],
    'tags:list': [{ prefix: 'fu', limit: 5 }],
    'tags:rename': [{ from: 'fuzz', to: 'fuzzed' }],
    'collections:list': [undefined],
    'collections:create': [{ name: 'Fuzz' }],
    'collections:rename': [{ id: ids.collectionId, name: 'Fuzz 2' }],
    'collections:delete': [{ id: ids.collectionId }],
    'collections:add': [{ collectionId: ids.collectionId, selection: one }],
    'collections:remove': [{ collectionId: ids.collectionId, selection: one }],
    'export:start': [
      {
        selection: one,
        options: {
          format: 'png',
          quality: 80,
          longestEdge: 512,
          namingTemplate: '{date} {prompt}',
          metadata: 'strip',
          sidecars: true,
          manifest: true,
          zip: false,
          onConflict: 'rename',
        },
      },
    ],
    'export:cancel': [{ exportId: randomUUID() }],
    'export:show-in-folder': [{ exportId: randomUUID() }],
    'clipboard:copy': [{ id: ids.itemId, what: 'both' }],
    'drag:prepare': [{ ids: [ids.itemId] }],
    'drag:start': [{ ids: [ids.itemId] }],
    'library:backup': [undefined],
    'library:restore-backup': [{ mode: 'merge' }],
    'network:status': [undefined],
    'network:check': [undefined],
    'notices:list': [undefined],
    'notices:dismiss': [{ id: randomUUID() }],
    'notices:reveal': [{ id: randomUUID() }],
    'library:lineage': [{ id: randomUUID() }],
    'account:balance': [undefined],
    'pricing:get': [undefined],
  };
}
