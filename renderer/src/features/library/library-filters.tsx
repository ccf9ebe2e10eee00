import { SlidersHorizontal } from 'lucide-react';
import { Popover } from 'radix-ui';
import { useId, useState } from 'react';
import { ASPECT_RATIOS, MODEL_ID } from '../../../../electron/shared/constants';
import type { LibraryQuery } from '../../../../electron/shared/domain';
import { NO_LIBRARY_FILTERS } from '../../../../electron/shared/domain/library-filters';
import { useCollectionsStore } from '../../stores/library-collections-store';
import { useLibraryStore } from '../../stores/library-store';
import { FilterChecks } from './filter-checks';
import { activeFilterCount, dateInputToEpoch, epochToDateInput, nextDay, previousDay } from './format';
import { changeLibraryQuery } from './organize';
import { TagField } from './tag-field';
import { useDebouncedCommit } from './library-toolbar';

type StatusFilter = LibraryQuery['statuses'][number];

const RATIO_FILTERS = ASPECT_RATIOS.map((ratio) => ({ value: ratio, label: ratio }));

const STATUS_FILTERS: ReadonlyArray<{ value: StatusFilter; label: string }> = [
  { value: 'ok', label: 'OK' },
  { value: 'refused', label: 'Refused' },
  { value: 'download-failed', label: 'Download failed' },
  { value: 'missing', label: 'File missing' },
];

const MODEL_DEBOUNCE_MS = 300;

function toggled<T>(values: readonly T[], value: T, on: boolean): T[] {
  return on ? [...values.filter((other) => other !== value), value] : values.filter((other) => other !== value);
}

/** Everything besides the search text that narrows the list. Each change is a new query at once. */
function LibraryFilters() {
  const query = useLibraryStore((state) => state.query);
  const collections = useCollectionsStore((state) => state.collections);
  const [model, setModel] = useState(query.model ?? '');
  const fromId = useId();
  const toId = useId();
  const collectionId = useId();
  const modelId = useId();
  const modelsId = useId();
  const originId = useId();

  useDebouncedCommit(model, MODEL_DEBOUNCE_MS, (value) => changeLibraryQuery({ model: value.trim() === '' ? null : value.trim() }));

  const clearFilters = () => {
    setModel('');
    // The search text, view and sort stay.
    changeLibraryQuery(NO_LIBRARY_FILTERS);
  };

  return (
    <div role="group" aria-label="Filters" className="library-filters">
      <FilterChecks
        legend="Aspect ratio"
        options={RATIO_FILTERS}
        checked={query.aspectRatios}
        onToggle={(ratio, on) => changeLibraryQuery({ aspectRatios: toggled(query.aspectRatios, ratio, on) })}
      />

      <FilterChecks
        legend="Status"
        options={STATUS_FILTERS}
        checked={query.statuses}
        onToggle={(status, on) => changeLibraryQuery({ statuses: toggled(query.statuses, status, on) })}
      />

      <div className="library-filter library-filter-row">
        <label className="library-inline-field" htmlFor={fromId}>
          <span className="field-label">From</span>
          <input
            id={fromId}
            type="date"
            className="text-input"
            value={epochToDateInput(query.from)}
            onChange={(event) => changeLibraryQuery({ from: dateInputToEpoch(event.target.value) })}
          />
        </label>
        <label className="library-inline-field" htmlFor={toId}>
          <span className="field-label">To</span>
          <input
            id={toId}
            type="date"
            className="text-input"
            value={query.to === null ? '' : epochToDateInput(previousDay(query.to))}
            onChange={(event) => {
              const day = dateInputToEpoch(event.target.value);
              changeLibraryQuery({ to: day === null ? null : nextDay(day) });
            }}
          />
        </label>
        <label className="library-check">
          <input type="checkbox" checked={query.favoritesOnly} onChange={(event) => changeLibraryQuery({ favoritesOnly: event.target.checked })} />
          Favorites only
        </label>
      </div>

      <div className="library-filter library-filter-row">
        <label className="library-inline-field" htmlFor={collectionId}>
          <span className="field-label">Collection</span>
          <select
            id={collectionId}
            className="select"
            value={query.collectionId ?? ''}
            onChange={(event) => changeLibraryQuery({ collectionId: event.target.value === '' ? null : event.target.value })}
          >
            <option value="">All collections</option>
            {collections.map((collection) => (
              <option key={collection.id} value={collection.id} dir="auto">
                {collection.name}
              </option>
            ))}
          </select>
        </label>
        <label className="library-inline-field" htmlFor={modelId}>
          <span className="field-label">Model</span>
          <input
            id={modelId}
            className="text-input"
            list={modelsId}
            value={model}
            maxLength={200}
            placeholder="Any model"
            autoComplete="off"
            dir="auto"
            onChange={(event) => setModel(event.target.value)}
          />
          <datalist id={modelsId}>
            <option value={MODEL_ID} />
          </datalist>
        </label>
        <label className="library-inline-field" htmlFor={originId}>
          <span className="field-label">Source</span>
          <select
            id={originId}
            className="select"
            value={query.origin ?? ''}
            onChange={(event) => changeLibraryQuery({ origin: event.target.value === '' ? null : (event.target.value as LibraryQuery['origin']) })}
          >
            <option value="">Generated and imported</option>
            <option value="generated">Generated here</option>
            <option value="imported">Imported</option>
          </select>
        </label>
      </div>

      <div className="library-filter">
        <TagField label="Filter by tag" submitLabel="Add tag filter" onSubmit={(tag) => changeLibraryQuery({ tags: toggled(query.tags, tag, true) })} />
        {query.tags.length > 0 ? (
          <ul className="library-chips" aria-label="Tag filters">
            {query.tags.map((tag) => (
              <li key={tag} className="tag-chip" dir="auto">
                {tag}
                <button
                  type="button"
                  className="tag-chip-remove"
                  aria-label={`Remove tag filter ${tag}`}
                  onClick={() => changeLibraryQuery({ tags: toggled(query.tags, tag, false) })}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>

      <div className="button-row">
        <button type="button" className="button button-small button-quiet" onClick={clearFilters}>
          Clear filters
        </button>
      </div>
    </div>
  );
}

/**
 * The toolbar's Filters button and its popover (Radix: focus moves in, Escape and a click outside
 * close it, focus returns to the button). The button shows how many filters are on.
 */
export function FiltersPopover() {
  const query = useLibraryStore((state) => state.query);
  const active = activeFilterCount(query);
  const countId = useId();
  return (
    <Popover.Root>
      {/* The button keeps the name "Filters"; how many are on is its description. */}
      <span id={countId} hidden>
        {active === 1 ? '1 filter on' : `${active} filters on`}
      </span>
      <Popover.Trigger asChild>
        <button type="button" className="button button-small" aria-describedby={active > 0 ? countId : undefined}>
          <SlidersHorizontal aria-hidden="true" className="button-icon" />
          Filters
          {active > 0 ? (
            <span className="library-badge" aria-hidden="true">
              {active}
            </span>
          ) : null}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="filters-popover" aria-label="Library filters" align="end" sideOffset={6} collisionPadding={8}>
          <LibraryFilters />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
