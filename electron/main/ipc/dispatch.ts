import { channels, type ChannelName, type ChannelReply, type Handlers, type ParsedInput } from '../../shared/contract';
import { appError, fail, type Result } from '../../shared/errors';
import { payloadShapeProblem } from './payload-shape';

/** One IPC call, from an untrusted channel name and payload to the reply sent back. */
export type Dispatch = (channel: string, input: unknown) => Promise<Result<unknown>>;

/** Called with every bug (a thrown handler); the renderer only ever sees INTERNAL_ERROR. */
export type BugReporter = (channel: string, error: unknown) => void;

export const INTERNAL_ERROR_MESSAGE = 'Something went wrong inside Reverie. Try again, and restart Reverie if it keeps happening.';

/** Zod names offending keys in its messages; a hostile payload must not get a megabyte echoed back. */
const MAX_MESSAGE_LENGTH = 300;

const isChannelName = (name: string): name is ChannelName => Object.hasOwn(channels, name);

/** A handler that resolves to anything but a Result is a bug, caught here rather than in the renderer. */
const isResult = (value: unknown): value is Result<unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const { ok } = value as { ok?: unknown };
  return ok === true ? 'value' in value : ok === false && 'error' in value;
};

const invalidInput = (message: string) =>
  fail(appError('invalid-input', message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message));

type Parsed<C extends ChannelName> = { success: true; data: ParsedInput<C> } | { success: false; message: string };

function parseInput<C extends ChannelName>(channel: C, input: unknown): Parsed<C> {
  try {
    const shapeProblem = payloadShapeProblem(input);
    if (shapeProblem !== null) return { success: false, message: shapeProblem };
    const outcome = channels[channel].input.safeParse(input);
    return outcome.success
      ? { success: true, data: outcome.data as ParsedInput<C> }
      : { success: false, message: outcome.error.issues[0]?.message ?? 'That request was not understood.' };
  } catch {
    // Only reachable from in-process callers (throwing getters, proxies): IPC payloads are plain clones.
    return { success: false, message: 'That request could not be read.' };
  }
}

const defaultBugReporter: BugReporter = (channel, error) => {
  console.error(`[ipc] handler for "${channel}" threw:`, error);
};

/**
 * The whole IPC policy minus Electron: known channel, input parsed by the contract's schema, then
 * the handler. Expected failures come back as data; a throw is a bug, reported to `reportBug` and
 * answered with a generic `internal` error so no stack, path or secret reaches the page.
 */
export function createDispatcher(handlers: Handlers, reportBug: BugReporter = defaultBugReporter): Dispatch {
  async function run<C extends ChannelName>(channel: C, input: unknown): Promise<Result<unknown>> {
    const parsed = parseInput(channel, input);
    if (!parsed.success) return invalidInput(parsed.message);

    try {
      const handler = handlers[channel] as (input: ParsedInput<C>) => Promise<ChannelReply<C>>;
      const reply: unknown = await handler.call(handlers, parsed.data);
      if (isResult(reply)) return reply;
      throw new TypeError(`handler returned ${typeof reply}, not a Result`);
    } catch (error) {
      reportBug(channel, error);
      return fail(appError('internal', INTERNAL_ERROR_MESSAGE));
    }
  }

  return async (channel, input) => {
    if (typeof channel !== 'string' || !isChannelName(channel)) return invalidInput('Unknown request.');
    return run(channel, input);
  };
}
