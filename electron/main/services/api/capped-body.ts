export type CappedBody = { ok: true; bytes: Uint8Array } | { ok: false; tooLargeAfter: number };

/**
 * Reads a response body but stops as soon as it passes `maxBytes`, so a hostile or broken server
 * cannot make main hold an unbounded body. Network and abort errors propagate to the caller, which
 * knows which deadline or signal was involved.
 */
export async function readCappedBody(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<CappedBody> {
  if (body === null) return { ok: true, bytes: new Uint8Array(0) };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Cancelling the stream closes the connection, so the sender stops instead of filling buffers.
      await reader.cancel().catch(() => undefined);
      return { ok: false, tooLargeAfter: total };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/** The declared body size, or null when absent or unreadable (chunked bodies have none). */
export function declaredLength(headers: Headers): number | null {
  const raw = headers.get('content-length');
  if (raw === null || !/^\d+$/.test(raw.trim())) return null;
  return Number(raw.trim());
}
