import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { openSettings } from '../../stores/ui-store';

interface GenerationErrorProps {
  error: AppError;
}

const KEEP_PROMPT = 'Your prompt is kept as you wrote it.';

export function GenerationError({ error }: GenerationErrorProps) {
  const charged = error.mayHaveBeenCharged ? ' This request may have been charged, so it was not retried.' : '';

  if (error.code === 'content-violation') {
    return (
      <ErrorAlert
        error={error}
        title="Refused under the content policy"
        hint={`The image service declined this prompt because of its content policy. Rephrase it and try again. ${KEEP_PROMPT}${charged}`}
      />
    );
  }

  if (error.code === 'unauthorized' || error.code === 'no-key') {
    return (
      <ErrorAlert
        error={error}
        title={error.code === 'no-key' ? 'No API key yet' : 'The API key was not accepted'}
        hint={`Add or replace your AI/ML API key in Settings. ${KEEP_PROMPT}`}
        actions={
          <button type="button" className="button" onClick={() => openSettings('api-key')}>
            Open Settings
          </button>
        }
      />
    );
  }

  return <ErrorAlert error={error} title="The image could not be generated" hint={`${KEEP_PROMPT}${charged}`} />;
}
