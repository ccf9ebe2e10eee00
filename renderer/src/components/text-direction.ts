/**
 * Right-to-left scripts in use today (Unicode bidi class R or AL): Hebrew, Arabic, Syriac, Thaana,
 * N'Ko, Samaritan, Mandaic, Adlam, Hanifi Rohingya.
 */
const RIGHT_TO_LEFT =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;
/** A letter: strong in direction (digits, punctuation and symbols are weak or neutral and are skipped). */
const LETTER = /\p{L}/u;

/**
 * The direction `dir="auto"` would find for `text`: that of its first letter, left-to-right when it
 * has none. For text that sits in an attribute, where `dir="auto"` cannot look (an image's alt text
 * is no descendant text of the image): `<img alt={prompt} dir={textDirection(prompt)}>`.
 */
export function textDirection(text: string): 'ltr' | 'rtl' {
  for (const character of text) {
    if (RIGHT_TO_LEFT.test(character)) return 'rtl';
    if (LETTER.test(character)) return 'ltr';
  }
  return 'ltr';
}
