import { readFile } from 'node:fs/promises';
import type { Handlers } from '../../../../shared/contract';
import type { DragReady, LibraryItem } from '../../../../shared/domain';
import { appError, fail, messageOf, ok } from '../../../../shared/errors';
import type { DragFiles } from '../../export/drag-files';
import type { StudioContext } from '../context';
import { resolveMedia } from '../media-file';

type ShareHandlers = Pick<Handlers, 'clipboard:copy' | 'drag:prepare' | 'drag:start'>;

const summary = ({ files, format, skipped }: DragFiles): DragReady => ({ files: files.length, format, skipped });

/** Copying to the clipboard and dragging files out of the window: the IPC handlers. */
export function shareHandlers({ session, settings, deps }: StudioContext): ShareHandlers {
  const dragFormat = () => settings.view().dragFormat;
  const originalFile = (id: string) => resolveMedia(session(), 'original', id);
  const itemsOf = (ids: readonly string[]) => ids.map((id) => session().library.get(id)).filter((item): item is LibraryItem => item !== null);

  return {
    'clipboard:copy': async ({ id, what }) => {
      const item = session().library.get(id);
      if (!item) return fail(appError('not-found-locally', 'That image is no longer in the library.'));
      let png: Uint8Array | undefined;
      if (what !== 'prompt') {
        const file = await originalFile(id);
        if (file === null) return fail(appError('not-found-locally', 'This item has no image file to copy.'));
        try {
          // PNG whatever the original is (WebP, AVIF, JPEG): the one image format every app pastes.
          png = await deps.imageCodec.convert(new Uint8Array(await readFile(file.path)), {
            format: 'png',
            quality: 100,
            longestEdge: null,
            strip: true,
            exif: null,
            xmp: null,
          });
        } catch (error) {
          return fail(appError('storage', 'The image file could not be read, so nothing was copied.', { detail: messageOf(error) }));
        }
      }
      try {
        await deps.clipboard.write({ ...(what !== 'image' ? { text: item.prompt } : {}), ...(png ? { png } : {}) });
        return ok(null);
      } catch (error) {
        return fail(appError('internal', 'The clipboard could not be written.', { detail: messageOf(error) }));
      }
    },

    'drag:prepare': async ({ ids }) => {
      const ready = await session().drags.prepare(itemsOf(ids), dragFormat());
      return ready.ok ? ok(summary(ready.value)) : ready;
    },

    // Runs while the mouse button is down: only what handOver has ready, then straight to the OS.
    'drag:start': async ({ ids }) => {
      const ready = await session().drags.handOver(itemsOf(ids), dragFormat());
      if (!ready.ok) return ready;
      const started = deps.dragger.startDrag(ready.value.files, ready.value.icon);
      return started.ok ? ok(summary(ready.value)) : started;
    },
  };
}
