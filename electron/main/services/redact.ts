/** What stands in for a secret in anything a user, a log or a bug report may see. */
export const REDACTED = '[redacted]';

/** Longest raw response excerpt kept in an error's detail. */
export const SNIPPET_MAX_CHARS = 4096;

const CUT_MARK = '… (cut)';

const BEARER_TOKEN = /Bearer\s+[^\s"',;\\]+/gi;

export interface Redactor {
  /** `text` with every known secret and every `Bearer …` token replaced. */
  text(text: string): string;
  /** At most `maxChars` of redacted `text`, marked when cut. */
  snippet(text: string, maxChars?: number): string;
}

/**
 * Builds a redactor for the given secrets. Each secret is also matched in the forms it takes inside
 * JSON strings and URLs, because error bodies and messages echo requests in both.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  const longestForm = Math.max(0, ...Array.from(forms, (form) => form.length));

  const text = (input: string): string => {
    let output = input;
    for (const form of forms) output = output.split(form).join(REDACTED);
    return output.replace(BEARER_TOKEN, `Bearer ${REDACTED}`);
  };

  return {
    text,
    snippet(input, maxChars = SNIPPET_MAX_CHARS) {
      // Redact before cutting, over a window wide enough that a secret straddling the cut is whole.
      const window = input.slice(0, maxChars + 2 * longestForm);
      const redacted = text(window);
      if (redacted.length <= maxChars && window.length === input.length) return redacted;
      return `${redacted.slice(0, Math.max(0, maxChars - CUT_MARK.length))}${CUT_MARK}`;
    },
  };
}
