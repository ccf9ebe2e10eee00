import { act, fireEvent } from '@testing-library/react';
import { vi } from 'vitest';

/**
 * Types `text` into `field` one character at a time with no time passing between the keys: the
 * clock is held (fake timers) from here until the test lets it run with `letTimePass`. A debounce is
 * then tested by what it does, not by how fast a busy machine types: real typing under load can
 * pause longer than a debounce between two keys. Starts from an empty field (a clear, then the keys).
 */
export function typeOnHeldClock(field: HTMLElement, text: string): void {
  vi.useFakeTimers();
  for (let end = 0; end <= text.length; end++) fireEvent.change(field, { target: { value: text.slice(0, end) } });
}

/** Lets `ms` pass on the held clock (running what falls due, inside act), then gives the real clock back. */
export async function letTimePass(ms: number): Promise<void> {
  await act(() => vi.advanceTimersByTimeAsync(ms));
  vi.useRealTimers();
}
