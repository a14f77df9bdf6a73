// The kiosk page: renders the check-in flow that runs in the daemon, and sends the visitor's touches back.
// After a reload or a lost connection it re-reads the current view, so it always shows the same step.
import { api } from '../lib/api';
import { connectLive } from '../lib/live';
import { h, byId } from '../lib/dom';
import { applyLanguage } from '../lib/i18n';
import { isRightToLeft } from '../../shared/languages';
import { showLink } from '../lib/link-light';
import { createWedgeDecoder } from '../lib/wedge';
import type { KioskInfo } from '../../shared/api';
import type { CheckinView } from '../../shared/checkin-api';
import { screenFor } from './screens';
import { consulateHeader } from './header';
import { fill, kioskWords } from './words';
import type { LinkState } from '../lib/live';
import { endStaffSessions, send, whenUnreachable } from './send';
import { changeVolume, resetForNewVisitor, setSpeech, speak, speechAvailable, speechOn } from './speech';

const app = byId('app');
const link = h('div', { class: 'link' });
const toolbar = h('div', { class: 'toolbar', role: 'toolbar' });
// A <header> at the top of <body> is the page's banner landmark: the consulate's name and emblem at the top of the
// glass, and the demo and simulator notices (drawn at its foot) live there.
const masthead = h('div', { class: 'consulate-header' });
const banners = h('div', { class: 'banners' });
const overlay = h('div', {
  class: 'overlay',
  hidden: true,
  role: 'alertdialog',
  'aria-modal': 'true',
  'aria-labelledby': 'overlay-title',
  'aria-describedby': 'overlay-text',
});
// Shown while the daemon cannot be reached: the flow lives there, so every button would do nothing.
const outOfService = h('div', {
  class: 'out-of-service',
  hidden: true,
  role: 'alertdialog',
  'aria-modal': 'true',
  'aria-labelledby': 'oos-title',
  'aria-describedby': 'oos-text',
});
document.body.prepend(toolbar, h('header', { class: 'masthead' }, masthead, banners));
document.body.append(overlay, outOfService, link);

let info: KioskInfo | null = null;
let view: CheckinView | null = null;
let lastWaitKey = '';
let lastScreenKey = '';
let contrast = false;
let linkState: LinkState = 'connecting';

function render(): void {
  if (!info || !view) return;
  const lang = view.visit.language || info.languages[0] || 'fr';
  const w = kioskWords(lang);
  applyLanguage(document.documentElement, lang);
  showLink(link, linkState, w.link);
  document.title = w.pageTitle;
  const atAttract = view.screen.startsWith('attract');
  // The next visitor starts with the kiosk's defaults: no speech, default volume, normal contrast.
  if (atAttract && lastScreenKey && !lastScreenKey.startsWith('attract')) {
    resetForNewVisitor();
    contrast = false;
  }
  document.documentElement.classList.toggle('high-contrast', contrast);
  if (atAttract && !lastScreenKey.startsWith('attract')) void endStaffSessions();

  toolbar.replaceChildren(
    ...[
      h('button', { type: 'button', class: 'call-staff', 'aria-label': w.callStaff, onclick: () => void send({ type: 'CALL_STAFF' }) }, w.callStaff),
      speechAvailable()
        ? h(
            'button',
            {
              type: 'button',
              'aria-pressed': String(speechOn()),
              'aria-label': w.speech,
              onclick: () => {
                setSpeech(!speechOn());
                render();
              },
            },
            w.speech,
          )
        : null,
      speechOn() ? h('button', { type: 'button', 'aria-label': w.volumeDown, title: w.volumeDown, onclick: () => changeVolume(-0.2) }, '−') : null,
      speechOn() ? h('button', { type: 'button', 'aria-label': w.volumeUp, title: w.volumeUp, onclick: () => changeVolume(0.2) }, '+') : null,
      h(
        'button',
        {
          type: 'button',
          'aria-pressed': String(contrast),
          'aria-label': w.contrast,
          onclick: () => {
            contrast = !contrast;
            render();
          },
        },
        h('span', { 'aria-hidden': 'true' }, '◐ '),
        w.contrast,
      ),
    ].filter((x): x is HTMLButtonElement => x !== null),
  );
  // Redrawn only when it changes: the emblem is not reloaded on every countdown tick.
  const headerKey = `${lang}|${atAttract}`;
  if (masthead.dataset.key !== headerKey) {
    masthead.replaceChildren(...consulateHeader(info, lang, atAttract));
    masthead.dataset.key = headerKey;
  }
  banners.replaceChildren(
    ...(info.demo ? [h('p', { class: 'banner demo', role: 'note' }, w.demoBanner)] : []),
    ...(view.simulatedOutsideDemo.length
      ? [h('p', { class: 'banner simulated', role: 'alert' }, fill(w.simulatedBanner, { devices: view.simulatedOutsideDemo.join(', ') }))]
      : []),
  );

  const screen = screenFor(info, view);
  const key =
    `${view.screen}|${view.visit.problem?.code ?? ''}|${view.visit.payment?.prompt?.prompt ?? ''}|` +
    `${view.visit.persons}|${view.visit.priorityRequest ?? ''}|${view.visit.scanHelp}|${view.scannerFault ?? ''}|` +
    // A service taken out of the visit on the summary (issue 18 item 8) changes the fee lines without a new step.
    `${view.visit.services.join('+')}|` +
    // The summary offers Pay only while the terminal answers: its status changes the screen without a new step.
    `${view.terminal.ready}|${view.terminal.state ?? ''}|` +
    // A service paused or resumed by a supervisor (or closed by its hours) changes the walk-in tiles on the screen.
    view.closedServices.map((c) => `${c.service}:${c.reason}`).join(',');
  // The wait before paying arrives just after the summary (the queue is asked then): drawn, not spoken twice.
  const waitKey = view.wait ? `${view.wait.service}:${view.wait.ahead}:${view.wait.estimatedWaitMinutes}` : '';
  // Re-render the body only when the screen changed, so a typed code is not wiped by a countdown tick.
  if (key !== lastScreenKey || waitKey !== lastWaitKey || !app.firstChild) {
    app.replaceChildren(...screen.body);
    app.dataset.screen = view.screen.split('.').slice(0, 2).join('.');
    if (key !== lastScreenKey) speak(screen.say, lang);
  }
  lastScreenKey = key;
  lastWaitKey = waitKey;

  const idle = view.tags.includes('idleWarning');
  const staff = view.tags.includes('staffCall');
  overlay.hidden = !idle && !staff;
  if (idle) {
    const deadline = view.deadline;
    const secs = h('p', { class: 'countdown', 'data-deadline': String(deadline ?? '') });
    overlay.replaceChildren(
      h(
        'div',
        { class: 'dialog' },
        h('h2', { id: 'overlay-title' }, w.idleTitle),
        h('p', { id: 'overlay-text' }, w.idleText),
        secs,
        h('button', { type: 'button', class: 'primary', 'aria-label': w.continue, onclick: () => void send({ type: 'CONTINUE' }) }, w.continue),
      ),
    );
    speak(`${w.idleTitle} ${w.idleText}`, lang);
  } else if (staff) {
    overlay.replaceChildren(
      h(
        'div',
        { class: 'dialog' },
        h('h2', { id: 'overlay-title' }, w.staffCalled),
        h('p', { id: 'overlay-text' }, w.staffCalledText),
        h('button', { type: 'button', class: 'primary', 'aria-label': w.continue, onclick: () => void send({ type: 'CONTINUE' }) }, w.continue),
      ),
    );
    speak(`${w.staffCalled}. ${w.staffCalledText}`, lang);
  }
  tickCountdowns();
}

function tickCountdowns(): void {
  if (!view) return;
  const w = kioskWords(view.visit.language || 'fr');
  for (const el of document.querySelectorAll<HTMLElement>('.countdown[data-deadline]')) {
    const d = Number(el.dataset.deadline);
    if (!d) continue;
    el.textContent = `${Math.max(0, Math.round((d - Date.now()) / 1000))} ${w.secondsLeft}`;
  }
}
setInterval(tickCountdowns, 500);

/** Set on every (re)connection: a restarted daemon counts its views from 1 again. */
let newConnection = true;

function accept(v: CheckinView): void {
  // Views of one daemon run arrive in order of seq (a read answered after a push is older than it); the first view
  // after a reconnection is taken whatever its seq, or the page would ignore a restarted daemon until it caught up.
  if (view && !newConnection && v.seq < view.seq) return;
  newConnection = false;
  view = v;
  render();
}

/** The daemon's link: null until it is first known, then whether the last state seen was online. */
let reachable: boolean | null = null;

/** Out of service while the daemon cannot be reached: said in the visitor's language, every control inert. */
function showService(): void {
  const down = reachable === false;
  outOfService.hidden = !down;
  for (const el of [app, toolbar, overlay]) el.inert = down;
  if (!down) return;
  // Before the kiosk's languages are known (a start that failed), in each language this page has words for.
  const langs = view ? [view.visit.language || info?.languages[0] || 'fr'] : (info?.languages ?? ['ar', 'fr', 'en', 'es']);
  outOfService.replaceChildren(
    h(
      'div',
      { class: 'dialog' },
      ...langs.flatMap((lang, i) => {
        const w = kioskWords(lang);
        const dir = isRightToLeft(lang) ? 'rtl' : 'ltr';
        return [
          h('h2', { lang, dir, ...(i === 0 ? { id: 'oos-title' } : {}) }, w.outOfServiceTitle),
          h('p', { lang, dir, ...(i === 0 ? { id: 'oos-text' } : {}) }, w.outOfServiceText),
        ];
      }),
    ),
  );
}

async function refresh(): Promise<void> {
  const k = await api('kiosk');
  if (k.ok) info = k.body;
  const c = k.ok ? await api('checkin') : k;
  if (c.ok) {
    reachable = true;
    showService();
    return accept(c.body);
  }
  console.warn('the kiosk could not read its state from the daemon', c.reason);
  reachable = false;
  showService();
}
whenUnreachable(() => {
  reachable = false;
  showService();
});

// Any touch on a visitor screen keeps the visit alive (the idle timer lives in the daemon).
let lastTouch = 0;
document.addEventListener('pointerdown', (e) => {
  if (!view || view.screen.startsWith('attract') || (e.target as HTMLElement).closest('button')) return;
  if (Date.now() - lastTouch > 2000) {
    lastTouch = Date.now();
    void send({ type: 'TOUCH' });
  }
});

// Keyboard-wedge scanners type the code: decode from physical keys, send complete scans to the flow.
const wedge = createWedgeDecoder({ scannerLayout: 'us' });
const onWedge = (r: ReturnType<typeof wedge.key>) => {
  if (r?.kind === 'scan') void send({ type: 'SCANNED', payload: r.text });
  else if (r?.kind === 'layout-mismatch') console.warn(r.message);
};
document.addEventListener('keydown', (e) => {
  if ((e.target as HTMLElement).tagName === 'INPUT') return;
  onWedge(wedge.key({ code: e.code, key: e.key, shiftKey: e.shiftKey, timeStamp: e.timeStamp, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey }));
});
setInterval(() => onWedge(wedge.idle(performance.now())), 200);

connectLive({
  onPush: (msg) => {
    if (msg.type === 'checkin') accept(msg.view);
  },
  onConnected: () => {
    newConnection = true;
    void refresh();
  },
  onState: (s) => {
    linkState = s;
    // In the visitor's language once known; before, in the kiosk's first language (the pill is read by staff too).
    showLink(link, s, kioskWords(view?.visit.language || info?.languages[0] || 'fr').link);
    // Online is confirmed by refresh() once the state is read again; a lost socket is out of service at once.
    if (s === 'offline') {
      reachable = false;
      showService();
    }
  },
});
