import { useState } from 'react';
import type { AppError, Result } from '../../../electron/shared/errors';

/**
 * A form's request to main: `busy` while it runs, and its failure kept to show until the next
 * try. What success means (clear a field, close the form) stays with the caller.
 */
export function useRequest() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const run = async <T>(request: () => Promise<Result<T>>): Promise<Result<T>> => {
    setBusy(true);
    setError(null);
    const reply = await request();
    setBusy(false);
    if (!reply.ok) setError(reply.error);
    return reply;
  };

  return { busy, error, setError, run };
}
