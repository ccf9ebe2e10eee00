export function LibraryEmpty() {
  return (
    <div className="empty-state">
      <p className="empty-title">No images yet</p>
      <p>Write a prompt and press Generate. Every image you make lands here, newest first.</p>
    </div>
  );
}
