/** Where dropped files go: into the library, or (over the prompt bar) into the references as well. */
export type DropTarget = 'library' | 'references';

/** Covers the window while files are dragged over it; pointer events pass through to the window. */
export function DropOverlay({ target }: { target: DropTarget }) {
  return (
    <div className="drop-overlay">
      <p className="drop-overlay-text">{target === 'references' ? 'Drop images to use them as references' : 'Drop images to add them to the library'}</p>
      <p className="drop-overlay-note">{target === 'references' ? 'PNG, JPEG or WebP; they join the library too' : 'PNG, JPEG or WebP'}</p>
    </div>
  );
}
