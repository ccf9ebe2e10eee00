import { useId } from 'react';
import { MAX_IMAGES_PER_RATIO } from '../../../../electron/shared/constants';
import { CountInput } from '../../components/count-input';
import { setCount, setFanOut, useComposerStore } from '../../stores/composer-store';

export function ImagesPerRatio() {
  const count = useComposerStore((state) => state.count);
  const fanOut = useComposerStore((state) => state.fanOut);
  const countId = useId();
  const fanOutId = useId();

  return (
    <div className="field-row">
      <div className="field count-field">
        <label htmlFor={countId} className="field-label">
          Images per ratio
        </label>
        <CountInput id={countId} value={count} min={1} max={MAX_IMAGES_PER_RATIO} onCommit={setCount} />
      </div>
      <label className="check-option" htmlFor={fanOutId}>
        <input id={fanOutId} type="checkbox" checked={fanOut} onChange={(event) => setFanOut(event.target.checked)} />
        <span>Fan out across ratios</span>
      </label>
    </div>
  );
}
