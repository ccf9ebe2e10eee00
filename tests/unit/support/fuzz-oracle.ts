import type { Result } from '../../../electron/shared/errors';

/**
 * What the IPC fuzz test holds every call to: a check of what reached a handler (it must have been
 * valid input), and a tally of the replies.
 */

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINE_BREAKS = /(?![\t\n\r])\p{Cc}/u;

/**
 * Why an input that passed the schema should not have: a control character outside prompt text
 * (tabs and line breaks are text there), a number that is not finite, a prototype-shaped own key.
 * Empty when the input is what a handler may be given.
 */
export function problemsWithParsedInput(channel: string, input: unknown): string[] {
  const problems: string[] = [];
  const visit = (value: unknown, path: string, key: string) => {
    if (typeof value === 'string') {
      const multiline = key === 'prompt' || (channel === 'templates:save' && key === 'text');
      if ((multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(value)) problems.push(`${path}: control character`);
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) problems.push(`${path}: ${value}`);
    } else if (ArrayBuffer.isView(value)) {
      // The one binary shape the contract takes: a dropped file's bytes.
      if (!(value instanceof Uint8Array)) problems.push(`${path}: a ${value.constructor.name}`);
    } else if (typeof value === 'object' && value !== null) {
      if (Object.getPrototypeOf(value) !== Object.prototype && !Array.isArray(value)) problems.push(`${path}: not a plain object`);
      for (const [name, entry] of Object.entries(value)) {
        if (FORBIDDEN_KEYS.has(name)) problems.push(`${path}.${name}: forbidden key`);
        visit(entry, `${path}.${name}`, Array.isArray(value) ? key : name);
      }
    } else if (value !== undefined && value !== null && typeof value !== 'boolean') {
      problems.push(`${path}: a ${typeof value}`);
    }
  };
  visit(input, channel, '');
  return problems;
}

export interface ChannelTally {
  sent: number;
  /** Refused by the contract's schema before any handler ran. */
  refusedAtBoundary: number;
  /** Refused by the handler with an expected error (no key, not found, cancelled dialog …). */
  refusedByHandler: number;
  accepted: number;
  internal: number;
  crashed: number;
}

export const emptyTally = (): ChannelTally => ({ sent: 0, refusedAtBoundary: 0, refusedByHandler: 0, accepted: 0, internal: 0, crashed: 0 });

/** A refusal the user can read: a sentence of bounded length, never the payload echoed back. */
export const isClearError = (reply: Result<unknown>): boolean =>
  !reply.ok && typeof reply.error.message === 'string' && reply.error.message.length > 0 && reply.error.message.length <= 301;

export function addUp(tallies: Iterable<ChannelTally>): ChannelTally {
  const total = emptyTally();
  for (const tally of tallies) for (const key of Object.keys(total) as Array<keyof ChannelTally>) total[key] += tally[key];
  return total;
}
