import { get } from '../lib/api';
import { connectLive } from '../lib/live';
import { h, byId } from '../lib/dom';
import { showLink } from '../lib/link-light';

const app = byId('app');
const link = h('div', { class: 'link' });
document.body.append(link);
const clock = h('div', { class: 'clock', 'aria-label': 'Time' });
let timeZone = 'UTC';

function tick(): void {
  clock.textContent = new Intl.DateTimeFormat('fr-FR', { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date());
}

async function refresh(): Promise<void> {
  const k = await get('kiosk');
  timeZone = k.consulate.timeZone;
  app.replaceChildren(
    h('p', { lang: 'ar', dir: 'rtl' }, k.consulate.name.ar ?? ''),
    h('h1', {}, k.consulate.name.fr ?? k.consulate.code),
    clock,
  );
  tick();
}

setInterval(tick, 10_000);
connectLive({ onPush: () => {}, onConnected: () => void refresh(), onState: (s) => showLink(link, s) });
