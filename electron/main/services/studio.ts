import { randomUUID } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Handlers } from '../../shared/contract';
import { ItemId, MODEL_ID, type GenerateInput, type LibraryItem } from '../../shared/domain';
import { appError, fail, ok, type Result } from '../../shared/errors';
import { createAimlClient, type GeneratedImage } from './aiml-client';
import { createImageStore, type ImageStore } from './image-store';
import { createKeyVault } from './key-vault';
import { openLibrary, type Library } from './library';
import { reconcileLibrary } from './reconcile';
import { createSettingsService } from './settings';
import type { MediaFile, Studio, StudioDeps } from './studio-types';

export type { Studio, StudioDeps } from './studio-types';

/** Where the library lives inside the data folder. Everything under it can rebuild the database. */
export const libraryPaths = (dataDir: string) => {
  const root = join(dataDir, 'library');
  return { root, database: join(root, 'library.sqlite') };
};

/**
 * The main-process application as plain TypeScript: every IPC handler and the media lookup.
 * Electron main and the browser test harness both host exactly this, with their own adapters.
 */
export async function openStudio(deps: StudioDeps): Promise<Studio> {
  const now = deps.now ?? Date.now;
  const paths = libraryPaths(deps.dataDir);
  await mkdir(paths.root, { recursive: true });

  const store = createImageStore(paths.root, deps.imageCodec);
  const library = openLibrary(paths.database);
  const reconciled = await reconcileLibrary(store, library);
  for (const problem of reconciled.problems) console.warn(`library: ${problem}`);

  const vault = createKeyVault(deps.secretStore);
  const settings = createSettingsService(deps.settingsBackend, deps.env);
  const client = createAimlClient(deps.fetch ? { fetch: deps.fetch } : {});

  async function generate(input: GenerateInput): Promise<Result<LibraryItem>> {
    const apiKey = await vault.current();
    if (!apiKey) return fail(appError('no-key', 'Add your AI/ML API key in Settings first.'));

    const generated = await client.createImage({
      baseUrl: settings.apiBaseUrl(),
      apiKey,
      prompt: input.prompt,
      aspectRatio: input.aspectRatio,
    });
    if (!generated.ok) return generated;

    const saved = await keep(input, generated.value);
    if (saved.ok) deps.emit('library:item-added', saved.value);
    return saved;
  }

  /** Bytes first, then the sidecar, then the row: a crash at any point leaves nothing that points at nothing. */
  async function keep(input: GenerateInput, image: GeneratedImage): Promise<Result<LibraryItem>> {
    try {
      const stored = await store.save(image.bytes);
      const item: LibraryItem = {
        id: randomUUID(),
        prompt: input.prompt,
        aspectRatio: input.aspectRatio,
        model: MODEL_ID,
        width: stored.width,
        height: stored.height,
        requestId: image.requestId,
        credits: image.credits,
        createdAt: now(),
        fileHash: stored.fileHash,
        byteSize: stored.byteSize,
        mimeType: stored.mimeType,
        sourceUrl: image.sourceUrl,
      };
      await store.writeSidecar(item);
      library.insert(item);
      return ok(item);
    } catch (error) {
      return fail(
        appError('storage', 'The image arrived but could not be saved to the library folder. Check free disk space and permissions.', {
          detail: [
            error instanceof Error ? error.message : String(error),
            image.sourceUrl ? `The image can still be downloaded from ${image.sourceUrl}` : null,
          ]
            .filter(Boolean)
            .join('\n'),
          mayHaveBeenCharged: true,
          ...(image.requestId ? { requestId: image.requestId } : {}),
        }),
      );
    }
  }

  const handlers: Handlers = {
    'key:status': async () => ok(await vault.status()),
    'key:save': (input) => vault.save(input),
    'key:remove': () => vault.remove(),
    'settings:get': async () => ok(settings.view()),
    'settings:update': async (patch) => ok(settings.update(patch)),
    'generate:create': generate,
    'library:list': async (input) => library.list(input),
  };

  let closed = false;
  return {
    handlers,
    resolveMedia: (variant, id) => resolveMedia(store, library, variant, id),
    async close() {
      // Quit paths can close twice (window-all-closed, then will-quit); the second is a no-op.
      if (closed) return;
      closed = true;
      library.close();
    },
  };
}

async function resolveMedia(
  store: ImageStore,
  library: Library,
  variant: 'original' | 'thumb',
  id: string,
): Promise<MediaFile | null> {
  if (!ItemId.safeParse(id).success) return null;
  const item = library.get(id);
  if (!item) return null;
  const file: MediaFile =
    variant === 'thumb'
      ? { path: store.thumbnailPath(item.fileHash), mimeType: 'image/webp' }
      : { path: store.originalPath(item.fileHash, item.mimeType), mimeType: item.mimeType };
  try {
    return (await stat(file.path)).isFile() ? file : null;
  } catch {
    return null;
  }
}
