// The consulate's header on every visitor screen (issue 19 item 13): its name from the config in the visitor's language
// (else in one written the same way), beside the emblem when the config has one. On
// the start screen every name is already the screen's own title: the header keeps the emblem alone there.
import { h } from '../lib/dom';
import { isRightToLeft } from '../../shared/languages';
import type { KioskInfo } from '../../shared/api';

/**
 * The language the consulate's name is shown in: the visitor's when the config has it, else one written the same way
 * (an English reader gets the French name, not the Arabic one), in the kiosk's order, else any the config has.
 */
export function nameLanguage(names: Record<string, string>, lang: string, kioskLanguages: readonly string[]): string | null {
  const order = [lang, ...kioskLanguages, ...Object.keys(names)].filter((l) => names[l]);
  return order.find((l) => isRightToLeft(l) === isRightToLeft(lang)) ?? order[0] ?? null;
}

export function consulateHeader(info: KioskInfo, lang: string, atStart: boolean): Array<HTMLElement> {
  const out: HTMLElement[] = [];
  // Decorative beside the name it stands for: read once, as the name.
  if (info.consulate.emblem) out.push(h('img', { class: 'emblem', src: info.consulate.emblem, alt: '' }));
  const nameLang = atStart ? null : nameLanguage(info.consulate.name, lang, info.languages);
  if (nameLang) out.push(h('p', { class: 'consulate-title', lang: nameLang, dir: isRightToLeft(nameLang) ? 'rtl' : 'ltr' }, info.consulate.name[nameLang]!));
  return out;
}
