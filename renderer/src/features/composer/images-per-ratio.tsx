import { useId } from 'react';
import { MAX_IMAGES_PER_RATIO } from '../../../../electron/shared/constants';
import { CountInput } from '../../components/count-input';
import { setCount, setFanOut, useComposerStore } from '../../stores/composer-store';
import { useComposeMode } from '../references/references-store';

/** The count's field, named "Images per ratio" in full for assistive tech while the bar shows "Images". */
export function ImagesPerRatio() {
  const count = useComposerStore((state) => state.count);
  const countId = useId();

  return (
    <div className="bar-field count-field">
      <label htmlFor={countId} className="bar-field-label">
        <span aria-hidden="true">Images</span>
        <span className="visually-hidden">Images per ratio</span>
      </label>
      <CountInput id={countId} value={count} min={1} max={MAX_IMAGES_PER_RATIO} onCommit={setCount} />
    </div>
  );
}

/** Fan-out turns the ratio radios into checkboxes: one click sends the prompt in every checked ratio. */
export function FanOutToggle() {
  // An edit has one ratio, its source's: nothing to fan out across.
  const editing = useComposeMode() === 'edit';
  const fanOut = useComposerStore((state) => state.fanOut) && !editing;
  const fanOutId = useId();
  if (editing) return null;
  return (
    <label className="bar-check" htmlFor={fanOutId}>
      <input id={fanOutId} type="checkbox" checked={fanOut} onChange={(event) => setFanOut(event.target.checked)} />
      <span aria-hidden="true">Fan out</span>
      <span className="visually-hidden">Fan out across ratios</span>
    </label>
  );
}
