/**
 * `{variables}` in saved prompts. Pure and zod-free: the renderer imports it to build the fill-in
 * form, and main may use it too, so both read a template the same way.
 *
 * Syntax, as in Python's str.format: `{name}` is a variable, `{{` and `}}` are literal braces, and
 * any other brace is just text (`{}`, `{ two words }`, a name over 40 characters), so a prompt that
 * happens to contain braces never becomes a form with odd fields.
 */

/** Letters (any script, with their combining marks), digits, `_` and `-`; 1–40 characters. */
const TOKEN = /\{\{|\}\}|\{([\p{L}\p{M}\p{Nd}_-]{1,40})\}/gu;

/** Names of `{variables}` in order of first appearance, each once. A name is letters, digits, _ and - (1–40 chars); `{{` and `}}` are literal braces. */
export function templateVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(TOKEN)) {
    const name = match[1];
    if (name !== undefined) names.add(name);
  }
  return [...names];
}

/**
 * The prompt to send: each `{name}` replaced by `values[name]`, `{{` → `{` and `}}` → `}`.
 * A variable without a value, or with an empty one, stays as `{name}`: a form field left blank
 * shows up in the prompt instead of silently dropping words. Values are inserted as they are
 * (braces in a value are not read as variables).
 */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(TOKEN, (token: string, name: string | undefined) => {
    if (name === undefined) return token[0] ?? '';
    // hasOwn: `{constructor}` must not pick up Object.prototype's function.
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    return value === undefined || value === '' ? token : value;
  });
}
