import { useRef, type ChangeEvent } from 'react';
import { ACCEPT_ATTRIBUTE } from './import-files';
import { importFiles } from './import-store';

/** "Import images…" opens the system file picker; the files go the same way as a drop. */
export function ImportButton() {
  const inputRef = useRef<HTMLInputElement>(null);

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    // Cleared, so picking the same files again is still a change.
    event.target.value = '';
    void importFiles(files);
  };

  return (
    <>
      <button type="button" className="button button-quiet" onClick={() => inputRef.current?.click()}>
        Import images…
      </button>
      <input ref={inputRef} type="file" multiple accept={ACCEPT_ATTRIBUTE} hidden tabIndex={-1} aria-label="Image files to import" onChange={onChange} />
    </>
  );
}
