/**
 * How long a prompt is, decided once for every place that measures it: the composer's counter and
 * its "too long" rule, main's `Prompt` schema, and the fake API's body validation.
 *
 * The unit is the character: one Unicode code point, so an emoji outside the Basic Multilingual
 * Plane (😀, two UTF-16 code units) counts 1, as a user counts it. Why code points
 * (../shared/reference/aiml-reve-api.md and vendor-page-reve-create-image.txt): the API publishes
 * `prompt` as "string · max: 2560" in its OpenAPI schema, whose `maxLength` is "the number of its
 * characters as defined by RFC 8259" (JSON Schema Validation, section 6.3.1), i.e. code points, not
 * UTF-16 units and not bytes; the reference table calls it "1..2560 chars". What the reference does
 * not verify is the server's own validator (its 400 carries "zod-style detail", and zod's `.max()`
 * counts UTF-16 units). If the server counted that way, a prompt of many astral characters between
 * 1281 and 2560 characters would come back as a 400 `bad-request`, which is refused before any
 * charge and shown with the API's message, never lost.
 *
 * A combined emoji (👍🏽 or a family sequence) is several code points, and counts as many.
 * Zod-free, so the renderer can import it.
 */
export function promptLength(prompt: string): number {
  let count = 0;
  // The string iterator walks code points: a surrogate pair is one step, a lone surrogate one too.
  for (const _codePoint of prompt) count += 1;
  return count;
}
