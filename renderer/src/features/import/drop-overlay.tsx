/** Covers the window while files are dragged over it; pointer events pass through to the window. */
export function DropOverlay() {
  return (
    <div className="drop-overlay">
      <p className="drop-overlay-text">Drop images to add them to the library</p>
      <p className="drop-overlay-note">PNG, JPEG or WebP</p>
    </div>
  );
}
