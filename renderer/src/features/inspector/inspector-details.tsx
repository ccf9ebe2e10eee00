import type { ReactNode } from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { formatCost } from '../../components/money';
import { mediaUrl } from '../../ipc';
import { formatBytes, formatCreated, formatCredits, hasImage, statusText } from '../viewer/viewer-format';

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="inspector-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The image small, then what is known about it: the prompt first, then where it came from. */
export function InspectorDetails({ item }: { item: LibraryItem }) {
  const hasPrompt = item.prompt.trim() !== '';
  return (
    <>
      <div className="inspector-preview" data-ratio={item.aspectRatio}>
        {hasImage(item) ? (
          // The prompt is shown just below: the picture needs no second description.
          <img src={mediaUrl(item.id, 'thumb')} alt="" draggable={false} />
        ) : (
          <span className="inspector-preview-note">{statusText(item)}</span>
        )}
      </div>
      {item.title !== null && item.title !== '' ? (
        <p className="inspector-title" dir="auto">
          {item.title}
        </p>
      ) : null}
      <p className="inspector-prompt" dir="auto" data-empty={!hasPrompt}>
        {hasPrompt ? item.prompt : 'No prompt'}
      </p>
      <dl className="inspector-facts">
        <Fact term="Size">{item.width !== null && item.height !== null ? `${item.width} × ${item.height}` : 'Unknown'}</Fact>
        <Fact term="Ratio">{item.aspectRatio}</Fact>
        <Fact term="Model">
          <bdi>{item.model}</bdi>
        </Fact>
        <Fact term="Created">{formatCreated(item.createdAt)}</Fact>
        <Fact term="Cost">{formatCost(item.credits) ?? 'Not reported'}</Fact>
        <Fact term="Credits">{item.credits !== null ? formatCredits(item.credits) : 'Not reported'}</Fact>
        <Fact term="File">{item.byteSize !== null ? formatBytes(item.byteSize) : 'No file'}</Fact>
        <Fact term="Status">{statusText(item)}</Fact>
        <Fact term="Request id">{item.requestId !== null ? <span className="inspector-mono">{item.requestId}</span> : 'None'}</Fact>
      </dl>
    </>
  );
}
