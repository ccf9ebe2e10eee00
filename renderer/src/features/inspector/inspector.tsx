import './inspector.css';
import { MousePointerClick } from 'lucide-react';
import { useDeferredValue, useEffect, useId, type ReactNode } from 'react';
import { usePanelOpen } from '../../stores/layout-store';
import { InspectorActions } from './inspector-actions';
import { InspectorBulk } from './inspector-bulk';
import { InspectorDetails } from './inspector-details';
import { INSPECTOR_ID } from './inspector-ids';
import { ItemCollections, ItemTags } from './inspector-organize';
import { followTileFocus, useInspected } from './inspected-store';

function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="inspector-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="inspector-heading">
        {title}
      </h3>
      {children}
    </section>
  );
}

/**
 * The inspector beside the gallery: the selected (or focused) image's details and every action on
 * it, so organizing one image does not need the bulk actions; several selected get those instead.
 */
export function Inspector() {
  const open = usePanelOpen('inspector');
  // A step behind the grid: moving focus to another tile (an arrow held down, End in a library of
  // 100,000) builds the whole panel anew, and the grid's own render for that key is what the person
  // is looking at. Deferred, React renders the panel once the grid has painted, in slices it can
  // drop when the next key comes first.
  const inspected = useDeferredValue(useInspected());
  const headingId = useId();

  useEffect(() => followTileFocus(), []);

  if (!open) return null;
  return (
    <aside id={INSPECTOR_ID} className="inspector" aria-labelledby={headingId}>
      <h2 id={headingId} className="visually-hidden">
        Inspector
      </h2>
      {inspected.kind === 'none' ? (
        <div className="inspector-empty">
          <MousePointerClick aria-hidden="true" />
          <p>Select an image to see its details and act on it.</p>
        </div>
      ) : inspected.kind === 'many' ? (
        <InspectorBulk count={inspected.count} />
      ) : inspected.item === null ? (
        <p className="inspector-note inspector-body">{inspected.problem ?? 'Loading the image…'}</p>
      ) : (
        <div className="inspector-body" key={inspected.id}>
          <InspectorDetails item={inspected.item} />
          <InspectorActions item={inspected.item} />
          <Section title="Tags">
            <ItemTags item={inspected.item} />
          </Section>
          <Section title="Collections">
            <ItemCollections item={inspected.item} />
          </Section>
        </div>
      )}
    </aside>
  );
}
