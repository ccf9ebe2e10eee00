import { X } from 'lucide-react';
import { mediaUrl } from '../../ipc';
import { Tip } from '../../components/tooltip';
import { itemLabel } from '../library/format';
import { removeReference, useReferencesStore } from './references-store';

/**
 * The images the next Generate starts from, as small thumbnails in send order. Each is named by
 * its prompt (an import: its file name) and can be removed; focus then moves to the next
 * reference, or to the prompt when none is left, never to the page.
 */
export function ReferenceList() {
  const items = useReferencesStore((state) => state.items);
  const importing = useReferencesStore((state) => state.importing);
  if (items.length === 0 && !importing) return null;

  const remove = (id: string, index: number) => {
    removeReference(id);
    requestAnimationFrame(() => {
      const buttons = document.querySelectorAll<HTMLButtonElement>('.reference-remove');
      const next = buttons[Math.min(index, buttons.length - 1)];
      if (next) next.focus();
      else document.querySelector<HTMLElement>('.prompt-input')?.focus();
    });
  };

  return (
    <div className="references">
      <ul className="reference-list" aria-label="References">
        {items.map((item, index) => {
          const label = itemLabel(item);
          return (
            <li key={item.id} className="reference">
              <img className="reference-thumb" src={mediaUrl(item.id, 'thumb')} alt={label} dir="auto" draggable={false} />
              <Tip label="Remove reference">
                <button type="button" className="reference-remove icon-button" aria-label="Remove reference" onClick={() => remove(item.id, index)}>
                  <X aria-hidden="true" size={12} />
                </button>
              </Tip>
            </li>
          );
        })}
      </ul>
      {importing ? (
        <span className="reference-importing" role="status">
          Adding to the library…
        </span>
      ) : null}
    </div>
  );
}
