import { describe, expect, it } from 'vitest';
import { EnqueueInput, GenerationParams, Prompt, PROMPT_MAX_LENGTH } from '../../electron/shared/domain';
import { promptLength } from '../../electron/shared/prompt-length';
import { checkGenerationBody } from '../fake-aiml/validation';

/**
 * One count of a prompt's length (characters: Unicode code points) for the composer, main's schema
 * and the fake API. The renderer's side is in tests/renderer/prompt-length.test.tsx.
 */
const EMOJI = '😀'; // U+1F600: one character, two UTF-16 units
const BODY = { model: 'reve/create-image', aspect_ratio: '1:1' };

describe('promptLength', () => {
  it('counts an astral character (a surrogate pair) once', () => {
    expect(EMOJI.length).toBe(2);
    expect(promptLength(EMOJI)).toBe(1);
    expect(promptLength(`a${EMOJI}b`)).toBe(3);
    expect(promptLength('')).toBe(0);
    expect(promptLength('שלום world')).toBe(10);
  });

  it('counts each code point of a combined emoji, and a lone surrogate as one', () => {
    expect(promptLength('👍🏽')).toBe(2); // thumbs up + skin tone modifier
    expect(promptLength('\ud83d')).toBe(1);
  });
});

describe('the Prompt schema (main) at the limit', () => {
  it(`accepts ${PROMPT_MAX_LENGTH} emoji (${PROMPT_MAX_LENGTH * 2} UTF-16 units) and refuses ${PROMPT_MAX_LENGTH + 1}`, () => {
    const atLimit = EMOJI.repeat(PROMPT_MAX_LENGTH);
    expect(Prompt.safeParse(atLimit).success).toBe(true);
    expect(EnqueueInput.safeParse({ prompt: atLimit, aspectRatios: ['1:1'], count: 1 }).success).toBe(true);
    expect(GenerationParams.safeParse({ prompt: atLimit, aspectRatio: '1:1' }).success).toBe(true);

    const over = Prompt.safeParse(EMOJI.repeat(PROMPT_MAX_LENGTH + 1));
    expect(over.success).toBe(false);
    expect(over.error?.issues.map((issue) => issue.message)).toEqual([`A prompt can be at most ${PROMPT_MAX_LENGTH} characters.`]);
  });

  it('accepts a prompt of mixed text and surrogate pairs exactly at the limit, and refuses one character more', () => {
    const mixed = `${'a'.repeat(PROMPT_MAX_LENGTH - 100)}${'𝒜'.repeat(100)}`;
    expect(promptLength(mixed)).toBe(PROMPT_MAX_LENGTH);
    expect(Prompt.safeParse(mixed).success).toBe(true);
    expect(Prompt.safeParse(`${mixed}b`).success).toBe(false);
  });

  it('still refuses plain text over the limit, and a string too long to be a prompt in any count', () => {
    expect(Prompt.safeParse('x'.repeat(PROMPT_MAX_LENGTH)).success).toBe(true);
    expect(Prompt.safeParse('x'.repeat(PROMPT_MAX_LENGTH + 1)).success).toBe(false);
    expect(Prompt.safeParse(EMOJI.repeat(PROMPT_MAX_LENGTH) + 'x'.repeat(1)).success).toBe(false);
  });
});

describe('the fake API counts as the app does', () => {
  it(`accepts ${PROMPT_MAX_LENGTH} emoji and answers ${PROMPT_MAX_LENGTH + 1} with a too_big validation issue`, () => {
    expect(checkGenerationBody({ ...BODY, prompt: EMOJI.repeat(PROMPT_MAX_LENGTH) })).toMatchObject({ ok: true });
    const over = checkGenerationBody({ ...BODY, prompt: EMOJI.repeat(PROMPT_MAX_LENGTH + 1) });
    expect(over).toMatchObject({ ok: false, status: 400, issues: [{ code: 'too_big', path: ['prompt'], maximum: PROMPT_MAX_LENGTH }] });
  });
});
