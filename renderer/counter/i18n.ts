// The counter console's words (issue 19, item 9), from i18n/<lang>/counter.json. Its language: ?lang=xx, else what
// its picker remembered on this browser, else French, the consulate's staff language. Arabic is laid out right to left.
import { languagesOf } from '../../shared/i18n/catalogue';
import { isRightToLeft } from '../../shared/languages';
import { CATALOGUES, pageLanguage, pageTranslator } from '../lib/catalogues';
import { h } from '../lib/dom';
import { applyLanguage, languageName } from '../lib/i18n';

const REMEMBERED = 'counter-lang';
export const lang = pageLanguage('counter', localStorage.getItem(REMEMBERED));
export const { t } = pageTranslator('counter', lang);
export type CounterKey = Parameters<typeof t>[0];
applyLanguage(document.documentElement, lang);
document.title = t('title');

const rtl = isRightToLeft(lang);
/**
 * A ticket label, a name or a code inside a sentence keeps its own direction on an Arabic page ("A-012", not "012-A"):
 * first-strong isolates around it. On a left-to-right page it is left as it is, so names read the same as the words shown.
 */
export const data = (text: string | number): string => (rtl ? `\u2068${text}\u2069` : String(text));

/**
 * The language picker: each language by its own name. Choosing one reloads the page in it (?lang= in the address, so a
 * reload or a bookmark keeps it); the session cookie keeps the agent signed in.
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
    ...languagesOf(CATALOGUES, 'counter').map((l) => h('option', { value: l, selected: l === lang }, languageName(l))),
  );
  return h('header', { class: 'lang' }, h('label', { for: 'lang' }, t('language')), select);
}
