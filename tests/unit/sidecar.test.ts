import { randomUUID } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSidecar, encodeSidecar, SIDECAR_VERSION, UNNAMED_COLLECTION } from '../../electron/main/services/library-folder/sidecar';
import { listFiles, makeImage, makeItem, makeRecord } from './support/library-fixtures';
import { collect, legacySidecarPath, useImageStores, v1SidecarOf } from './support/library-folder-fixtures';

describe('sidecar encoding', () => {
  it('keeps the whole item, organization included, and the names of its own collections', () => {
    const travel = randomUUID();
    const work = randomUUID();
    const item = makeItem({ favorite: true, tags: ['sea', 'blue'], collectionIds: [travel], trashedAt: 1_760_000_000_000 });

    const text = encodeSidecar(item, { [travel]: 'Travel', [work]: 'Work' });

    expect(JSON.parse(text)).toMatchObject({ sidecarVersion: SIDECAR_VERSION, favorite: true, collections: { [travel]: 'Travel' } });
    expect(JSON.parse(text)).not.toHaveProperty('fileMissing');
    expect(decodeSidecar(text, { id: item.id })).toEqual({ item, collections: { [travel]: 'Travel' } });
  });

  it('reads fileMissing back as false: whether the file is there is a fact about the disk, not the sidecar', () => {
    const item = makeItem({ fileMissing: true });
    const handWritten = JSON.stringify({ ...JSON.parse(encodeSidecar(item)), fileMissing: true });

    expect(decodeSidecar(encodeSidecar(item), { id: item.id }).item.fileMissing).toBe(false);
    expect(decodeSidecar(handWritten, { id: item.id }).item.fileMissing).toBe(false);
  });

  it('upgrades a version-1 sidecar with the defaults of a freshly generated item', () => {
    const original = makeItem();

    const { item, collections } = decodeSidecar(v1SidecarOf(original), { fileHash: original.fileHash ?? '' });

    // makeItem's item is freshly generated (status ok, generated, no favorite, tags, collections or
    // trash, its file on disk): exactly what the upgrade must fill in for what version 1 left out.
    expect(item).toEqual(original);
    expect(collections).toEqual({});
  });

  it('reads a version-2 sidecar (before titles and placeholders) with neither', () => {
    const original = makeItem({ favorite: true, tags: ['sea'] });
    const { title: _title, placeholder: _placeholder, ...v2 } = JSON.parse(encodeSidecar(original)) as Record<string, unknown>;

    const { item } = decodeSidecar(JSON.stringify({ ...v2, sidecarVersion: 2 }), { id: original.id });

    expect(item).toEqual({ ...original, title: null, placeholder: null });
  });

  it('keeps the title and placeholder, and drops a placeholder a hand edit broke rather than the item', () => {
    const original = makeItem({ title: 'holiday 2019', placeholder: 'CwQCBYBaSH93h4h3eJh3h/B4CAAA' });
    expect(JSON.parse(encodeSidecar(original))).toMatchObject({ sidecarVersion: 4, title: 'holiday 2019', placeholder: 'CwQCBYBaSH93h4h3eJh3h/B4CAAA' });
    expect(decodeSidecar(encodeSidecar(original), { id: original.id }).item).toEqual(original);

    const broken = JSON.stringify({ ...JSON.parse(encodeSidecar(original)), placeholder: '<svg onload=alert(1)>' });
    expect(decodeSidecar(broken, { id: original.id }).item).toEqual({ ...original, placeholder: null });
  });

  it('reads a version-3 sidecar (before lineage) with no sources and no request ids', () => {
    const original = makeItem({ tags: ['sea'], title: 'dusk' });
    const { sources: _s, clientRequestId: _c, inferenceId: _i, ...v3 } = JSON.parse(encodeSidecar(original)) as Record<string, unknown>;

    const { item } = decodeSidecar(JSON.stringify({ ...v3, sidecarVersion: 3 }), { id: original.id });

    expect(item).toEqual({ ...original, sources: [], clientRequestId: null, inferenceId: null });
  });

  it('keeps the lineage: sources in the order they were sent, the client request id and the inference id', () => {
    const sources = [randomUUID(), randomUUID(), randomUUID()];
    const original = makeItem({ model: 'reve/remix-edit-image', prompt: 'both, at night', sources, clientRequestId: randomUUID(), inferenceId: 'inf-42' });
    const text = encodeSidecar(original);

    expect(JSON.parse(text)).toMatchObject({ sidecarVersion: 4, sources, clientRequestId: original.clientRequestId, inferenceId: 'inf-42' });
    expect(decodeSidecar(text, { id: original.id }).item).toEqual(original);
    // A source id that is not an item id was not written by Reverie: the sidecar is refused, not half-read.
    const tampered = JSON.stringify({ ...JSON.parse(text), sources: ['../../etc'] });
    expect(() => decodeSidecar(tampered, { id: original.id })).toThrow(/not a valid library item/);
  });

  it('does not trust a version-1 sidecar carrying fields version 1 never wrote', () => {
    const original = makeItem();
    const tampered = JSON.stringify({ ...JSON.parse(v1SidecarOf(original)), status: 'refused' });

    expect(() => decodeSidecar(tampered, { fileHash: original.fileHash ?? '' })).toThrow(/Unrecognized key/);
  });

  it('names a collection the sidecar has no name for, rather than losing the membership', () => {
    const nameless = randomUUID();
    const blank = randomUUID();
    const item = makeItem({ collectionIds: [nameless, blank] });

    const { collections } = decodeSidecar(encodeSidecar(item, { [blank]: '  ' }), { id: item.id });

    expect(collections).toEqual({ [nameless]: UNNAMED_COLLECTION, [blank]: UNNAMED_COLLECTION });
  });

  it('refuses a sidecar whose content is not what its name says, or that a newer Reverie wrote', () => {
    const item = makeItem();
    expect(() => decodeSidecar(encodeSidecar(item), { id: randomUUID() })).toThrow('its id does not match its file name');
    expect(() => decodeSidecar(v1SidecarOf(item), { fileHash: 'b'.repeat(64) })).toThrow('its fileHash does not match its file name');
    const future = JSON.stringify({ ...JSON.parse(encodeSidecar(item)), sidecarVersion: SIDECAR_VERSION + 1 });
    expect(() => decodeSidecar(future, { id: item.id })).toThrow(/newer version of Reverie/);
    expect(() => decodeSidecar('{}', { id: item.id })).toThrow('no sidecarVersion field');
  });
});

describe('sidecars in the image store', () => {
  const stores = useImageStores();

  it('gives items without an image a sidecar under records/ too, so a rebuild brings them back', async () => {
    const { root, store } = await stores.create();
    const refused = makeRecord('refused');
    const lost = makeRecord('download-failed', { favorite: true });

    await store.writeSidecar(refused);
    await store.writeSidecar(lost);

    expect(await listFiles(root)).toEqual([refused, lost].map((item) => `records/${item.id.slice(0, 2)}/${item.id}.json`).sort());
    const listed = await collect(store.listSidecars());
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining([
        { item: refused, collections: {} },
        { item: lost, collections: {} },
      ]),
    );
  });

  it('keeps one sidecar per item, so two items sharing one image are both kept', async () => {
    const { store } = await stores.create();
    const stored = await store.save(await makeImage('png', 48, 32));
    const first = makeItem({ ...stored, prompt: 'first' });
    const second = makeItem({ ...stored, prompt: 'second', tags: ['later'] });

    await store.writeSidecar(first);
    await store.writeSidecar(second);

    const listed = (await collect(store.listSidecars())).map((record) => record.item);
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(expect.arrayContaining([first, second]));
  });

  it('round-trips collection names through the store', async () => {
    const { store } = await stores.create();
    const trip = randomUUID();
    const item = makeItem({ collectionIds: [trip] });

    await store.writeSidecar(item, { [trip]: 'Lisbon trip' });

    expect(await store.readSidecar(item.id)).toEqual({ item, collections: { [trip]: 'Lisbon trip' } });
  });

  it('still reads version-1 sidecars next to their images, and retires one once its item is rewritten', async () => {
    const { root, store } = await stores.create();
    const stored = await store.save(await makeImage('png', 48, 32));
    // Version 1 knew no placeholder: its items come back without one.
    const old = makeItem({ ...stored, placeholder: null });
    await writeFile(legacySidecarPath(root, stored.fileHash), v1SidecarOf(old));

    expect(await collect(store.listSidecars())).toEqual([{ item: old, collections: {} }]);

    const starred = { ...old, favorite: true };
    await store.writeSidecar(starred);

    await expect(stat(legacySidecarPath(root, stored.fileHash))).rejects.toThrow();
    expect(await collect(store.listSidecars())).toEqual([{ item: starred, collections: {} }]);
  });

  it('makes the shard folder of a first sidecar, and looks for no version-1 sidecar to retire when told the item is new', async () => {
    const { root, store } = await stores.create();
    const stored = await store.save(await makeImage('png', 48, 32));
    const item = makeItem({ ...stored });
    // A version-1 sidecar naming this very id, which no new item can have: left as it is.
    await writeFile(legacySidecarPath(root, stored.fileHash), v1SidecarOf(item));

    await store.writeSidecar(item, {}, { newItem: true });

    expect(await store.readSidecar(item.id)).toEqual({ item, collections: {} });
    expect(await readFile(legacySidecarPath(root, stored.fileHash), 'utf8')).toContain(item.id);
  });

  it('prefers the records/ sidecar over a stale version-1 one of the same item, and keeps a version-1 sidecar of another item', async () => {
    const { root, store } = await stores.create();
    const stored = await store.save(await makeImage('png', 48, 32));
    const old = makeItem({ ...stored });
    const newer = { ...old, tags: ['kept'] };
    // A crash between writing the new sidecar and retiring the old one leaves both.
    await mkdir(dirname(store.sidecarPath(newer)), { recursive: true });
    await writeFile(store.sidecarPath(newer), encodeSidecar(newer));
    await writeFile(legacySidecarPath(root, stored.fileHash), v1SidecarOf(old));

    expect(await collect(store.listSidecars())).toEqual([{ item: newer, collections: {} }]);

    // Another item with the same image: its own sidecar is written, the version-1 one is not its to retire.
    await store.writeSidecar(makeItem({ ...stored }));
    expect(await readFile(legacySidecarPath(root, stored.fileHash), 'utf8')).toContain(old.id);
  });
});
