import { z } from 'zod';

/** ISO 639-1 codes. Arabic, French, English and Spanish ship; a host language comes from config. */
export const Language = z.string().regex(/^[a-z]{2}$/, 'a two-letter ISO 639-1 code such as "fr"');
export type Language = z.infer<typeof Language>;

const RTL = new Set(['ar', 'he', 'fa', 'ur']);
export const isRightToLeft = (lang: string): boolean => RTL.has(lang);
