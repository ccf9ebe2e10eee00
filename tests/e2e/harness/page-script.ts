import { readFileSync } from 'node:fs';

/** What can cross into the page as script text: JSON, which is also valid JavaScript. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

/**
 * Script text that calls one function from a plain .js file with JSON arguments, in its own scope.
 *
 * Functions handed to `page.evaluate`/`addInitScript` are sent as their source text, which is
 * whatever the transpiler running this process made of them: tsx (the preview) adds `__name(…)`
 * helper calls that do not exist in the page. A .js file read at runtime is sent as written.
 * The result is an expression: `page.evaluate(text)` resolves to what the function returns
 * (awaiting a promise), and `addInitScript({ content: text })` runs it before the page's scripts.
 */
export function pageScript(file: URL, functionName: string, ...args: JsonValue[]): string {
  const source = readFileSync(file, 'utf8');
  if (!new RegExp(`^function ${functionName}\\(`, 'm').test(source)) {
    throw new Error(`${file.pathname} does not declare function ${functionName}.`);
  }
  return `(() => {\n${source}\nreturn ${functionName}(${args.map((arg) => JSON.stringify(arg)).join(', ')});\n})()`;
}
