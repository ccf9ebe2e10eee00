/**
 * A cheap look at an IPC payload's shape before the contract's schema reads it.
 *
 * Zod reads any object as a record of its own keys: a 1 MB Uint8Array where an object belongs made
 * it list a million "unrecognized keys" (about a second of the main thread per call, 64 s for the
 * 64 MB an import may carry), and a Map, Set or Date reads as `{}`, which passes where every field is
 * optional. What a renderer legitimately sends is plain objects, arrays and primitives (the structured
 * clone of what renderer/src/ipc.ts builds), plus a dropped file's bytes in ImportInput. So:
 * - binary data (a typed array, DataView or ArrayBuffer) only as the value of a `bytes` key;
 * - objects only with Object.prototype (or none) as their prototype: no Map, Set, Date, RegExp, Error;
 * - no deeper nesting than any input of the contract has (its deepest is about 5 levels).
 */

export const MAX_PAYLOAD_DEPTH = 16;

const isBinary = (value: object) => ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer;

/** A sentence for the first thing wrong with the payload's shape, or null when the schema may read it. */
export function payloadShapeProblem(input: unknown): string | null {
  // Iterative, so a payload nested thousands deep cannot overflow the stack here.
  const pending: Array<{ value: unknown; depth: number; key: string | null }> = [{ value: input, depth: 0, key: null }];
  while (pending.length > 0) {
    const { value, depth, key } = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_PAYLOAD_DEPTH) return 'That request is nested too deeply.';
    if (isBinary(value)) {
      if (key === 'bytes') continue;
      return 'That request carries binary data where none belongs.';
    }
    if (Array.isArray(value)) {
      for (const entry of value) pending.push({ value: entry, depth: depth + 1, key: null });
      continue;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return 'That request is not in a form Reverie sends.';
    for (const [name, entry] of Object.entries(value)) pending.push({ value: entry, depth: depth + 1, key: name });
  }
  return null;
}
