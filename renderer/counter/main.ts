import { get } from '../lib/api';
import { connectLive } from '../lib/live';
import { h, byId } from '../lib/dom';
import { showLink } from '../lib/link-light';

const app = byId('app');
const link = h('div', { class: 'link' });
document.body.append(link);

async function refresh(): Promise<void> {
  const k = await get('kiosk');
  document.title = `Guichet — ${k.consulate.code}`;
  app.replaceChildren(
    h('h1', {}, 'Guichet / Counter'),
    h('p', { class: 'muted' }, k.consulate.name.fr ?? k.consulate.code),
    h('h2', {}, 'Services'),
    h('ul', { 'aria-label': 'Services' }, ...k.services.map((s) => h('li', {}, `${s.prefix} — ${s.name.fr ?? s.code}`))),
  );
}

connectLive({ onPush: () => {}, onConnected: () => void refresh(), onState: (s) => showLink(link, s) });
