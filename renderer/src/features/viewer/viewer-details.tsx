import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { formatCost } from '../../components/money';
import { chooseAspectRatio, loadPrompt } from '../../stores/composer-store';
import { useCollectionsStore } from '../../stores/library-collections-store';
import { closeViewer } from '../../stores/viewer-store';
import { formatBytes, formatCreated, formatCredits, statusText } from './viewer-format';

const COPIED_FOR_MS = 2000;

const COPY_REFUSED = 'Copying was not allowed here. The prompt is selected: press Ctrl+C (⌘C on a Mac) to copy it.';

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="viewer-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Everything known about the item, with its two actions. Mounted per item. */
export function ViewerDetails({ item }: { item: LibraryItem }) {
  // The library's mirror of the collections (loaded and kept current by the library).
  const collections = useCollectionsStore((state) => state.collections);
  const [copyMessage, setCopyMessage] = useState<string | null>(null);
  const promptRef = useRef<HTMLElement>(null);
  const timer = useRef<number | null>(null);
  const headingId = useId();
  const hasPrompt = item.prompt.trim() !== '';

  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  const copy = async () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    try {
      await navigator.clipboard.writeText(item.prompt);
      setCopyMessage('Copied');
      timer.current = window.setTimeout(() => setCopyMessage(null), COPIED_FOR_MS);
    } catch {
      // Refused (no permission, or no clipboard API): leave the text ready for the keyboard instead.
      const selection = window.getSelection();
      if (promptRef.current && selection) selection.selectAllChildren(promptRef.current);
      setCopyMessage(COPY_REFUSED);
    }
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
          <span ref={promptRef} className="viewer-prompt">
            {hasPrompt ? item.prompt : 'No prompt'}
          </span>
        </Fact>
        <Fact term="Aspect ratio">{item.aspectRatio}</Fact>
        <Fact term="Pixel size">{item.width !== null && item.height !== null ? `${item.width} × ${item.height}` : 'Unknown'}</Fact>
        <Fact term="Model">{item.model}</Fact>
        <Fact term="Request id">
          {item.requestId !== null ? <span className="viewer-mono">{item.requestId}</span> : 'None'}
        </Fact>
        <Fact term="Credits">{item.credits !== null ? formatCredits(item.credits) : 'Not reported'}</Fact>
        <Fact term="Cost">{formatCost(item.credits) ?? 'Not reported'}</Fact>
        <Fact term="Created">{formatCreated(item.createdAt)}</Fact>
        <Fact term="File size">{item.byteSize !== null ? formatBytes(item.byteSize) : 'No file'}</Fact>
        <Fact term="Status">{statusText(item)}</Fact>
        <Fact term="Tags">{item.tags.length > 0 ? item.tags.join(', ') : 'None'}</Fact>
        <Fact term="Collections">{names.length > 0 ? names.join(', ') : 'None'}</Fact>
      </dl>
      <div className="button-row">
        <button type="button" className="button" aria-disabled={!hasPrompt} onClick={() => void (hasPrompt ? copy() : undefined)}>
          Copy prompt
        </button>
        <button type="button" className="button" aria-disabled={!hasPrompt} onClick={() => (hasPrompt ? applySettings() : undefined)}>
          Use these settings
        </button>
      </div>
      <p role="status" className="viewer-copy-status">
        {copyMessage}
      </p>
    </section>
  );
}
