import { fail, ok, type Result } from '../../../shared/errors';
import { keychainError, noKeyError } from './errors';
import type { JobRedaction } from './job-redaction';

/** Reads the API key for a send; every key read is learned by the redaction, so no job ever carries it. */
export function createKeyReader(apiKey: () => Promise<string | null>, redaction: JobRedaction): () => Promise<Result<string>> {
  return async () => {
    try {
      const key = await apiKey();
      if (key) redaction.learn(key);
      return key ? ok(key) : fail(noKeyError());
    } catch (error) {
      return fail(keychainError(error));
    }
  };
}
