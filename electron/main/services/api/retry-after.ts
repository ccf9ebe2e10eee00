/**
 * Seconds to wait from a `Retry-After` header, which is either a number of seconds or an HTTP date;
 * null when absent or unusable. The API documents none, so this is only ever a hint to honour.
 */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Date.parse accepts bare numbers and other loose forms; a date header always names a weekday or month.
  if (!/[a-z]/i.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
