import { KEYCHAIN_TIMEOUT_MS } from '../../../shared/constants';

/**
 * Calls to the OS keychain with a time limit. A keychain can take any time to answer: on Linux a
 * locked GNOME Keyring asks for its password in a prompt, and on a headless machine (or over SSH)
 * that prompt is on a display nobody sees, so keytar's promise never settles. Each call is raced
 * against `timeoutMs`; one that loses is not cancelled (keytar cannot cancel) but kept as the
 * keychain's unanswered call, and until it settles no other call is made: the answer is "no answer"
 * at once, rather than another call that waits as long and piles up behind the first. Piling up
 * would also cost more than time: keytar runs each call on a libuv thread-pool thread (its
 * `src/async.cc` AsyncWorkers), and four stuck calls would hold Node's default pool of four,
 * stalling every file read and write of main behind them.
 */

export { KEYCHAIN_TIMEOUT_MS };

export type KeychainAnswer<T> =
  /** The keychain did it (or read it). */
  | { kind: 'answered'; value: T }
  /** The keychain (or keytar) refused or failed: no keychain service, no libsecret. */
  | { kind: 'failed' }
  /** No answer within the time limit, or an earlier call is still unanswered. */
  | { kind: 'no-answer' };

export interface KeychainCalls {
  /**
   * Runs `call` unless an earlier one is still unanswered. When this call itself runs out of time
   * and later succeeds, `afterLateSuccess` runs with its value before the keychain is asked anything
   * else, so it can put right what the late answer did (see key-vault.ts).
   */
  run<T>(call: () => Promise<T>, afterLateSuccess?: (value: T) => Promise<void>): Promise<KeychainAnswer<T>>;
}

export function createKeychainCalls(timeoutMs = KEYCHAIN_TIMEOUT_MS): KeychainCalls {
  let unanswered: Promise<void> | null = null;

  return {
    async run<T>(call: () => Promise<T>, afterLateSuccess?: (value: T) => Promise<void>): Promise<KeychainAnswer<T>> {
      if (unanswered) return { kind: 'no-answer' };
      let pending: Promise<T>;
      try {
        pending = call();
      } catch {
        return { kind: 'failed' };
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timed-out'>((resolve) => {
        timer = setTimeout(() => resolve('timed-out'), timeoutMs);
      });
      const outcome = await Promise.race([
        pending.then(
          (value): KeychainAnswer<T> => ({ kind: 'answered', value }),
          (): KeychainAnswer<T> => ({ kind: 'failed' }),
        ),
        timedOut,
      ]);
      clearTimeout(timer);
      if (outcome !== 'timed-out') return outcome;

      const settled: Promise<void> = pending
        .then(
          (value) => afterLateSuccess?.(value),
          () => undefined,
        )
        .catch((error: unknown) => console.error('keychain: putting right a late answer failed', error))
        .finally(() => {
          if (unanswered === settled) unanswered = null;
        });
      unanswered = settled;
      return { kind: 'no-answer' };
    },
  };
}
