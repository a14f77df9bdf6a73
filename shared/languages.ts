import { z } from 'zod';
import { lazy } from './lazy-schema';

/** ISO 639-1 codes. Arabic, French, English and Spanish ship; a host language comes from config. */
export const Language = lazy(() => z.string().regex(/^[a-z]{2}$/, 'a two-letter ISO 639-1 code such as "fr"'));
export type Language = z.infer<typeof Language>;

const RTL = new Set(['ar', 'he', 'fa', 'ur']);
export const isRightToLeft = (lang: string): boolean => RTL.has(lang);
