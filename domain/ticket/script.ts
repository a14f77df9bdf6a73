// Which text a thermal printer's character generator cannot print correctly. Arabic letters change
// shape with their neighbours and run right to left; no code page does that (CP864 and CP720 print
// isolated letters left to right), so such lines become raster.

const NEEDS_SHAPING =
  /[\p{Script_Extensions=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Thai}]/u;
const STRONG_RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

export const needsRaster = (text: string): boolean => NEEDS_SHAPING.test(text);
export const isRtlText = (text: string): boolean => STRONG_RTL.test(text);

/**
 * Intl output contains narrow and no-break spaces (U+202F, U+00A0) that most printer code pages lack:
 * plain spaces print the same on paper.
 */
export const plainSpaces = (text: string): string =>
  text.replace(/[\u00a0\u2007\u2009\u202f]/g, ' ').replace(/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g, '');
