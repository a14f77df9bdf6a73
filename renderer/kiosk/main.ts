import { get } from '../lib/api';
import { connectLive } from '../lib/live';
import { h, byId } from '../lib/dom';
import { applyLanguage, languageName, words } from '../lib/i18n';
import { showLink } from '../lib/link-light';
import type { KioskInfo } from '../../shared/api';

const app = byId('app');
const link = h('div', { class: 'link' });
document.body.append(link);

let info: KioskInfo | null = null;
let lang: string | null = null;

function attract(k: KioskInfo): HTMLElement[] {
  applyLanguage(document.documentElement, k.languages[0] ?? 'ar');
  const names = Object.entries(k.consulate.name);
  return [
    ...(k.demo ? [h('p', { class: 'banner', role: 'note' }, 'Démonstration — appareils simulés, aucun paiement réel / Demo mode — simulated devices, no real payment')] : []),
    ...names.map(([l, n]) => h('p', { class: 'consulate-name', lang: l, dir: l === 'ar' ? 'rtl' : 'ltr' }, n)),
    h('h1', {}, ...k.languages.flatMap((l, i) => [i ? ' · ' : '', h('span', { lang: l }, words(l).welcome)])),
    h('p', { class: 'muted' }, ...k.languages.flatMap((l, i) => [i ? ' · ' : '', h('span', { lang: l }, words(l).chooseLanguage)])),
    h(
      'div',
      { class: 'languages', role: 'group', 'aria-label': k.languages.map((l) => words(l).chooseLanguage).join(' / ') },
      ...k.languages.map((l) => h('button', { class: 'primary', lang: l, 'data-lang': l, 'aria-label': languageName(l), onclick: () => choose(l) }, languageName(l))),
    ),
  ];
}

function identify(k: KioskInfo, l: string): HTMLElement[] {
  const w = words(l);
  return [
    h('h1', {}, w.scanOrChoose),
    h('h2', {}, w.services),
    h('ul', { class: 'services', 'aria-label': w.services }, ...k.services.map((s) => h('li', { 'data-service': s.code }, s.name[l] ?? s.name.fr ?? s.code))),
    h('button', { 'aria-label': w.back, onclick: () => choose(null) }, w.back),
  ];
}

function render(): void {
  if (!info) return;
  app.replaceChildren(...(lang ? identify(info, lang) : attract(info)));
  if (lang) applyLanguage(document.documentElement, lang);
}

function choose(l: string | null): void {
  lang = l;
  render();
}

async function refresh(): Promise<void> {
  try {
    info = await get('kiosk');
    render();
  } catch (err) {
    app.replaceChildren(h('p', { class: 'banner', role: 'alert' }, `The kiosk is starting or out of service. Please ask at the counter. (${(err as Error).message})`));
  }
}

connectLive({ onPush: () => {}, onConnected: () => void refresh(), onState: (s) => showLink(link, s) });
