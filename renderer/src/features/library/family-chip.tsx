import './family-chip.css';
import { X } from 'lucide-react';
import { useEffect } from 'react';
import { IconButton } from '../../components/icon-button';
import { useLibraryStore } from '../../stores/library-store';
import { clearFamily, learnFamilyName, useFamilyNames } from './family-store';

const CHIP_EXCERPT = 40;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > CHIP_EXCERPT ? `${flat.slice(0, CHIP_EXCERPT - 1).trimEnd()}…` : flat;
}

/** The family filter, visible while it is on: "Family of <prompt>" and a button that removes it. */
export function FamilyChip() {
  const family = useLibraryStore((state) => state.query.family);
  const name = useFamilyNames((state) => (family === null ? undefined : state.names[family]));

  useEffect(() => {
    if (family !== null) void learnFamilyName(family);
  }, [family]);

  if (family === null) return null;
  return (
    <div className="family-chip" role="group" aria-label="Family filter" title={name}>
      <span className="family-chip-text">
        Family of <bdi>{name === undefined ? '…' : excerpt(name)}</bdi>
      </span>
      <IconButton className="family-chip-remove" label="Remove family filter" icon={<X aria-hidden="true" />} onClick={clearFamily} />
    </div>
  );
}
