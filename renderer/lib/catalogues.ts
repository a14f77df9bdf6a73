/// <reference types="vite/client" />
// The catalogues as the pages see them: every i18n/<lang>/<domain>.json, found by Vite's glob at build time, so a
// file dropped in i18n/ adds a language to every page that uses its domain with no change here (i18n/README.md).
import { cataloguesFrom, pickLanguage, translator, type Domain, type DomainKeys, type Messages, type Translator } from '../../shared/i18n/catalogue';

const files = import.meta.glob<Messages>('../../i18n/*/*.json', { eager: true, import: 'default' });
export const CATALOGUES = cataloguesFrom(Object.entries(files));

const params = () => new URLSearchParams(globalThis.location?.search ?? '');

/**
 * A staff page's language: `?lang=xx` when it has this domain, else what the page remembered (its picker), else the
 * fallback. `?i18n=pseudo` marks every catalogue text with ⟦ ⟧ (the e2e check that a page shows no other text).
 */
export function pageLanguage(domain: Domain, remembered: string | null, fallback = 'fr'): string {
  return pickLanguage(CATALOGUES, domain, [params().get('lang'), remembered], fallback);
}

export function pageTranslator<D extends Domain>(domain: D, lang: string, fallback = 'fr'): Translator<DomainKeys[D]> {
  return translator(CATALOGUES, domain, lang, {
    fallback,
    pseudo: params().get('i18n') === 'pseudo',
    // Visible in the browser's console and in the e2e tests that collect it.
    onMissing: (m) => console.warn(`i18n: ${m.domain}.${m.key} missing in "${m.lang}", shown in "${m.shownIn}"`),
  });
}
