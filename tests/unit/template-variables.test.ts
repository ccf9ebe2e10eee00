import { describe, expect, it } from 'vitest';
import { fillTemplate, templateVariables } from '../../electron/shared/template-variables';

describe('templateVariables', () => {
  it('lists names in order of first appearance, each once', () => {
    expect(templateVariables('a {subject} in {place}, {subject} again, {style}')).toEqual(['subject', 'place', 'style']);
  });

  it('finds nothing in plain text', () => {
    expect(templateVariables('')).toEqual([]);
    expect(templateVariables('a lighthouse at dusk')).toEqual([]);
  });

  it('accepts letters, digits, _ and -, in any script', () => {
    expect(templateVariables('{a} {A1} {snake_case} {kebab-case} {_} {-} {42} {couleur_préférée} {цвет} {色}')).toEqual([
      'a',
      'A1',
      'snake_case',
      'kebab-case',
      '_',
      '-',
      '42',
      'couleur_préférée',
      'цвет',
      '色',
    ]);
  });

  it('accepts a name of 40 characters and ignores one of 41', () => {
    const forty = 'n'.repeat(40);
    expect(templateVariables(`{${forty}}`)).toEqual([forty]);
    expect(templateVariables(`{${forty}n}`)).toEqual([]);
  });

  it('treats other braces as text', () => {
    expect(templateVariables('{} { } {two words} {a.b} {a:b} {{a} {a=1} {é!}')).toEqual([]);
    expect(templateVariables('{ {x} }')).toEqual(['x']);
    expect(templateVariables('{a}b}')).toEqual(['a']);
    expect(templateVariables('unclosed {name and {closed}')).toEqual(['closed']);
  });

  it('reads {{ and }} as literal braces', () => {
    expect(templateVariables('{{name}}')).toEqual([]);
    expect(templateVariables('{{{name}}}')).toEqual(['name']);
    expect(templateVariables('{{{{name}}}}')).toEqual([]);
    expect(templateVariables('JSON like {{"a": 1}} and a {real} one')).toEqual(['real']);
  });

  it('is case-sensitive: {Style} and {style} are two variables', () => {
    expect(templateVariables('{Style} {style}')).toEqual(['Style', 'style']);
  });

  it('handles a name next to emoji and other text', () => {
    expect(templateVariables('🌅{mood}🌅 x{a}y')).toEqual(['mood', 'a']);
  });
});

describe('fillTemplate', () => {
  it('replaces every occurrence of each variable', () => {
    expect(fillTemplate('a {subject} and another {subject} in {place}', { subject: 'fox', place: 'snow' })).toBe('a fox and another fox in snow');
  });

  it('leaves unfilled variables as {name}, whether missing or blank', () => {
    expect(fillTemplate('a {subject} in {place}', { subject: 'fox' })).toBe('a fox in {place}');
    expect(fillTemplate('a {subject} in {place}', { subject: 'fox', place: '' })).toBe('a fox in {place}');
    expect(fillTemplate('a {subject}', {})).toBe('a {subject}');
  });

  it('uses a value of only spaces as given', () => {
    expect(fillTemplate('a{gap}b', { gap: ' ' })).toBe('a b');
  });

  it('turns {{ and }} into single braces', () => {
    expect(fillTemplate('{{name}} is literal, {name} is not', { name: 'Ada' })).toBe('{name} is literal, Ada is not');
    expect(fillTemplate('{{{name}}}', { name: 'Ada' })).toBe('{Ada}');
    expect(fillTemplate('{{}}', {})).toBe('{}');
  });

  it('keeps other braces as they are', () => {
    expect(fillTemplate('{} {two words} {a.b}', { 'two words': 'x', 'a.b': 'y' })).toBe('{} {two words} {a.b}');
  });

  it('inserts values literally, never expanding braces or $ patterns in them', () => {
    expect(fillTemplate('{a} {b}', { a: '{b}', b: 'B' })).toBe('{b} B');
    expect(fillTemplate('{a}', { a: '{{x}}' })).toBe('{{x}}');
    expect(fillTemplate('{a}', { a: "$& $1 $$ $'" })).toBe("$& $1 $$ $'");
  });

  it('ignores values for names the text does not use, and inherited properties', () => {
    expect(fillTemplate('{a}', { a: '1', b: '2' })).toBe('1');
    expect(fillTemplate('{constructor} {toString} {__proto__}', {})).toBe('{constructor} {toString} {__proto__}');
  });

  it('fills names in any script', () => {
    expect(fillTemplate('un {objet} {цвет}', { objet: 'chat', цвет: 'синий' })).toBe('un chat синий');
  });

  it('agrees with templateVariables: filling every listed name leaves no variable', () => {
    const text = 'a {{literal}} {subject} at {time-of_day} {subject} {{{wrapped}}} {not a var}';
    const names = templateVariables(text);
    const filled = fillTemplate(text, Object.fromEntries(names.map((name) => [name, `<${name}>`])));
    expect(filled).toBe('a {literal} <subject> at <time-of_day> <subject> {<wrapped>} {not a var}');
  });
});
