// The technician page's words (issue 19, item 9), from i18n/<lang>/diagnostics.json. Its language: ?lang=xx, else what
// its picker remembered on this browser, else English (the page's language before the catalogues, which the e2e
// tests name its controls by). Arabic is laid out right to left.
import { languagesOf } from '../../shared/i18n/catalogue';
import { CATALOGUES, pageLanguage, pageTranslator } from '../lib/catalogues';
import { h } from '../lib/dom';
import { applyLanguage, languageName } from '../lib/i18n';

const REMEMBERED = 'diagnostics-lang';
export const lang = pageLanguage('diagnostics', localStorage.getItem(REMEMBERED), 'en');
export const { t } = pageTranslator('diagnostics', lang, 'en');
applyLanguage(document.documentElement, lang);
document.title = t('title');

/**
 * The language picker: each language by its own name. Choosing one reloads the page in it (?lang= in the address,
 * so a reload or a bookmark keeps it); the session cookie keeps the technician signed in.
 */
export function languagePicker(): HTMLElement {
  const select = h(
    'select',
    {
      id: 'lang',
      onchange: () => {
        localStorage.setItem(REMEMBERED, select.value);
        const url = new URL(location.href);
        url.searchParams.set('lang', select.value);
        location.assign(url);
      },
    },
    ...languagesOf(CATALOGUES, 'diagnostics').map((l) => h('option', { value: l, selected: l === lang }, languageName(l))),
  );
  return h('p', { class: 'lang' }, h('label', { for: 'lang' }, t('language')), select);
}
