export function LibraryEmpty() {
  return (
    <div className="empty-state">
      <p className="empty-title">No images yet</p>
      <p>Write a prompt and press Generate. Every image you make lands here, newest first.</p>
    </div>
  );
}

export function NoMatches() {
  return (
    <div className="empty-state">
      <p className="empty-title">No images match</p>
      <p>Try other words, or clear some filters.</p>
    </div>
  );
}

export function TrashEmpty() {
  return (
    <div className="empty-state">
      <p className="empty-title">The trash is empty</p>
      <p>Images you move to the trash wait here until you empty it.</p>
    </div>
  );
}
