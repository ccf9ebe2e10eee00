import type { ReactNode } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { errorGuide } from './error-guide';
import { GuideActionButton, useOpenLink } from './guide-action';

interface AppErrorAlertProps {
  error: AppError;
  /** Added after main's sentence when it tells something the sentence does not, e.g. "Your prompt is kept as you wrote it." */
  note?: string;
  /** More buttons next to the guide's own action. */
  actions?: ReactNode;
  urgent?: boolean;
}

/**
 * An AppError said once: main's sentence (which already says what to do), the one button that
 * does it, and the raw material behind Details. No headline repeating the sentence above it.
 */
export function AppErrorAlert({ error, note, actions, urgent }: AppErrorAlertProps) {
  const guide = errorGuide(error);
  const { openLink, linkProblem } = useOpenLink();
  const hint = [note, linkProblem].filter((part): part is string => Boolean(part)).join(' ');

  return (
    <ErrorAlert
      error={error}
      hint={hint || undefined}
      urgent={urgent}
      actions={
        <>
          <GuideActionButton action={guide.action} primary openLink={openLink} />
          {actions}
        </>
      }
    />
  );
}
