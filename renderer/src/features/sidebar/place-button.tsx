import { useId, type ReactNode } from 'react';
import { useLibraryStore } from '../../stores/library-store';
import { imageCount } from '../library/format';
import { changeLibraryQuery } from '../library/organize';
import { isCurrentPlace, placeQuery, type Place } from './places';

interface PlaceButtonProps {
  place: Place;
  label: string;
  icon: ReactNode;
  /** null while not known: no number is shown. */
  count: number | null;
}

/**
 * One place in the sidebar: choosing it shows its query. The count sits beside the name, not in
 * it, so the button is named by the place alone and describes itself with the count.
 */
export function PlaceButton({ place, label, icon, count }: PlaceButtonProps) {
  const current = useLibraryStore((state) => isCurrentPlace(state.query, place));
  const countId = useId();
  return (
    <>
      <button
        type="button"
        className="button-bare place-button"
        aria-current={current ? 'page' : undefined}
        aria-describedby={count === null ? undefined : countId}
        onClick={() => changeLibraryQuery(placeQuery(place))}
      >
        <span className="place-icon" aria-hidden="true">
          {icon}
        </span>
        <span className="place-label" dir="auto">
          {label}
        </span>
      </button>
      {count === null ? null : (
        <span id={countId} className="place-count">
          <span aria-hidden="true">{count.toLocaleString('en-US')}</span>
          <span className="visually-hidden">{imageCount(count)}</span>
        </span>
      )}
    </>
  );
}
