import { useId, type ReactNode } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';

interface OrganizePanelProps {
  id: string;
  /** The heading, and the title of the panel's alert. */
  title: string;
  error: AppError | null;
  empty: boolean;
  /** What the panel says while it has nothing to list. */
  emptyNote: string;
  /** The list, and whatever follows it. */
  children: ReactNode;
}

/** A panel the library toolbar opens: collections or tags, each listed with its count. */
export function OrganizePanel({ id, title, error, empty, emptyNote, children }: OrganizePanelProps) {
  const headingId = useId();
  return (
    <section id={id} className="collections-panel" aria-labelledby={headingId}>
      <h3 id={headingId} className="section-title">
        {title}
      </h3>
      {error ? <ErrorAlert error={error} title={title} /> : null}
      {empty ? <p className="field-note">{emptyNote}</p> : null}
      {children}
    </section>
  );
}
