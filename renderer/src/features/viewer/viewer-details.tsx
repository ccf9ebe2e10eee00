import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { ErrorAlert } from '../../components/error-alert';
import { formatCost } from '../../components/money';
import { chooseAspectRatio, loadPrompt } from '../../stores/composer-store';
import { openExport } from '../../stores/export-store';
import { useCollectionsStore } from '../../stores/library-collections-store';
import { closeViewer, useViewerStore } from '../../stores/viewer-store';
import { ViewerReferenceButtons } from '../references/viewer-reference-buttons';
import { copyItem, type CopyWhat } from '../share/copy';
import { CopyableId } from './copyable-id';
import { formatBytes, formatCreated, formatCredits, hasImage, statusText } from './viewer-format';

const COPIED_FOR_MS = 2000;

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="viewer-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Copies from the viewer (its buttons and its shortcuts); says so in the viewer's status line. */
export async function copyFromViewer(item: LibraryItem, what: CopyWhat): Promise<boolean> {
  if (what !== 'prompt' && !hasImage(item)) return false;
  if (what !== 'image' && item.prompt.trim() === '') return false;
  useViewerStore.setState({ copyMessage: null, copyError: null });
  const result = await copyItem(item.id, what);
  if (useViewerStore.getState().id !== item.id) return false;
  if (result.ok) useViewerStore.setState({ copyMessage: result.message });
  else useViewerStore.setState({ copyError: result.error });
  return result.ok;
}

/** Everything known about the item, with its two actions. Mounted per item. */
export function ViewerDetails({ item }: { item: LibraryItem }) {
  // The library's mirror of the collections (loaded and kept current by the library).
  const collections = useCollectionsStore((state) => state.collections);
  const copyMessage = useViewerStore((state) => state.copyMessage);
  const copyError = useViewerStore((state) => state.copyError);
  const timer = useRef<number | null>(null);
  const headingId = useId();
  const hasPrompt = item.prompt.trim() !== '';
  const imageShown = hasImage(item);

  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  const copy = (what: CopyWhat) => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    void copyFromViewer(item, what).then((copied) => {
      if (copied) timer.current = window.setTimeout(() => useViewerStore.setState({ copyMessage: null }), COPIED_FOR_MS);
    });
  };

  // The same path as the prompt history's "Use": the composer gets the text, nothing is sent.
  const applySettings = () => {
    loadPrompt(item.prompt);
    chooseAspectRatio(item.aspectRatio);
    closeViewer('prompt');
  };

  const names = item.collectionIds
    .map((id) => collections.find((collection) => collection.id === id)?.name)
    .filter((name): name is string => name !== undefined);

  return (
    <section className="viewer-details" aria-labelledby={headingId}>
      <h3 id={headingId} className="section-title">
        Details
      </h3>
      <dl className="viewer-facts">
        <Fact term="Prompt">
          <span className="viewer-prompt" dir="auto">
            {hasPrompt ? item.prompt : 'No prompt'}
          </span>
        </Fact>
        <Fact term="Aspect ratio">{item.aspectRatio}</Fact>
        <Fact term="Pixel size">{item.width !== null && item.height !== null ? `${item.width} × ${item.height}` : 'Unknown'}</Fact>
        <Fact term="Model">{item.model}</Fact>
        <Fact term="Request id">{item.requestId !== null ? <span className="viewer-mono">{item.requestId}</span> : 'None'}</Fact>
        <Fact term="Client request id">{item.clientRequestId !== null ? <CopyableId name="Client request id" value={item.clientRequestId} /> : 'None'}</Fact>
        <Fact term="Inference id">{item.inferenceId !== null ? <CopyableId name="Inference id" value={item.inferenceId} /> : 'Not reported'}</Fact>
        <Fact term="Credits">{item.credits !== null ? formatCredits(item.credits) : 'Not reported'}</Fact>
        <Fact term="Cost">{formatCost(item.credits) ?? 'Not reported'}</Fact>
        <Fact term="Created">{formatCreated(item.createdAt)}</Fact>
        <Fact term="File size">{item.byteSize !== null ? formatBytes(item.byteSize) : 'No file'}</Fact>
        <Fact term="Status">{statusText(item)}</Fact>
        <Fact term="Tags">{item.tags.length > 0 ? <span dir="auto">{item.tags.join(', ')}</span> : 'None'}</Fact>
        <Fact term="Collections">{names.length > 0 ? <span dir="auto">{names.join(', ')}</span> : 'None'}</Fact>
      </dl>
      <div className="button-row">
        <button
          type="button"
          className="button"
          aria-disabled={!imageShown}
          aria-keyshortcuts="Control+C"
          onClick={() => (imageShown ? copy('image') : undefined)}
        >
          Copy image
        </button>
        <button
          type="button"
          className="button"
          aria-disabled={!hasPrompt}
          aria-keyshortcuts="Control+Shift+C"
          onClick={() => (hasPrompt ? copy('prompt') : undefined)}
        >
          Copy prompt
        </button>
        <button type="button" className="button" aria-disabled={!imageShown || !hasPrompt} onClick={() => (imageShown && hasPrompt ? copy('both') : undefined)}>
          Copy both
        </button>
        <button type="button" className="button" onClick={() => openExport({ ids: [item.id] }, 1)}>
          Export…
        </button>
        <button type="button" className="button" aria-disabled={!hasPrompt} onClick={() => (hasPrompt ? applySettings() : undefined)}>
          Use these settings
        </button>
        <ViewerReferenceButtons item={item} />
      </div>
      <p role="status" className="viewer-copy-status">
        {copyMessage}
      </p>
      {copyError ? <ErrorAlert error={copyError} title="Nothing was copied" /> : null}
    </section>
  );
}
