import { useId, type ReactNode } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';

interface SettingsSectionProps {
  /** A heading that names the section; a section of one labelled field goes without. */
  title?: string;
  /** The last change main refused, shown below the fields. */
  error?: AppError | null;
  children: ReactNode;
}

/** One section of the settings panel. */
export function SettingsSection({ title, error = null, children }: SettingsSectionProps) {
  const headingId = useId();
  return (
    <section className="settings-section" aria-labelledby={title === undefined ? undefined : headingId}>
      {title === undefined ? null : (
        <h3 id={headingId} className="section-title">
          {title}
        </h3>
      )}
      {children}
      {error ? <ErrorAlert error={error} /> : null}
    </section>
  );
}
