// The technician's page. Device lights are public (the same as /api/health); everything else needs a
// technician PIN: overview, simulators and faults, device tests, printed pages, discovery, log tail and
// the journal. Every control has an accessible name and a target of at least 48 px.
import './diagnostics.css';
import { api, linkTo, type Answer } from '../lib/api';
import { connectLive } from '../lib/live';
import { h, byId } from '../lib/dom';
import { showLink } from '../lib/link-light';
import type { DeviceInfo } from '../../shared/devices';
import { PaymentLock, type ActionResult, type DeviceControls, type Overview, type ScanSeen, type TerminalWorking } from '../../shared/diagnostics-api';
import { renderPost } from './post';
import { renderCentralLink } from './central-link';
import { moneyText } from '../../shared/money';
import { dateTime, logTime, setConsulateTimeZone, timeOnly } from '../lib/time';
import { languagePicker, t } from './i18n';

const app = byId('app');
const link = h('div', { class: 'link' });
document.body.append(link);

const statusWord = (s: DeviceInfo['status']) => t('deviceStatus', { status: s });
/** Text the daemon wrote (device details, check names, log lines, server answers): shown as it came, not a word of this page. */
const DAEMON = { 'data-daemon-text': '' };
const DEVICES = ['printer', 'terminal', 'scanner'] as const;

const summary = h('p', { id: 'summary', class: 'muted' });
const tbody = h('tbody', { id: 'devices' });
const result = h('p', { id: 'result', role: 'status', 'aria-live': 'polite', class: 'result', ...DAEMON });
const signIn = h('section', { id: 'sign-in', 'aria-labelledby': 'sign-in-title' });
const tech = h('div', { id: 'technician', hidden: true });

app.replaceChildren(
  h('h1', {}, t('title')),
  languagePicker(),
  summary,
  h('h2', { id: 'devices-title' }, t('devices')),
  h(
    'table',
    { 'aria-label': t('devices') },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t('col.status')),
        h('th', { scope: 'col' }, t('col.device')),
        h('th', { scope: 'col' }, t('col.driver')),
        h('th', { scope: 'col' }, t('col.address')),
        h('th', { scope: 'col' }, t('col.detail')),
        h('th', { scope: 'col' }, t('col.since')),
      ),
    ),
    tbody,
  ),
  result,
  signIn,
  tech,
);

let lastDevices: DeviceInfo[] = [];
let overview: Overview | null = null;

function say(ok: boolean, message: string): void {
  result.dataset.ok = String(ok);
  result.textContent = message;
}

function renderDevices(devices: DeviceInfo[]): void {
  lastDevices = devices;
  tbody.replaceChildren(
    ...devices.map((d) =>
      h(
        'tr',
        { 'data-device': d.id, 'data-status': d.status, 'data-simulated': String(d.simulated) },
        h(
          'td',
          {},
          h('span', { class: 'light', 'data-status': d.status, role: 'img', 'aria-label': t('light', { device: d.id, status: statusWord(d.status) }) }),
          statusWord(d.status),
        ),
        h('td', {}, d.id, ' ', h('span', { class: 'muted' }, t('deviceKind', { kind: d.kind }))),
        h('td', {}, h('span', DAEMON, d.driver), d.simulated ? h('span', { class: 'muted' }, t('simulated')) : ''),
        h('td', DAEMON, d.address ?? ''),
        h('td', { class: 'detail', ...DAEMON }, d.detail ?? ''),
        h('td', {}, timeOnly(d.since)),
      ),
    ),
  );
  renderBanner();
}

async function refreshHealth(): Promise<void> {
  const r = await api('health');
  if (!r.ok) {
    summary.textContent = t('healthError', { reason: r.reason });
    return;
  }
  const health = r.body;
  summary.textContent = t('summary', {
    version: health.version,
    minutes: Math.floor(health.uptimeSeconds / 60),
    state: health.ok ? t('allReady') : t('needAttention'),
  });
  renderDevices(health.devices);
}

// ── sign-in ──────────────────────────────────────────────────────────────

function showSignIn(message = ''): void {
  tech.hidden = true;
  signIn.hidden = false;
  const pin = h('input', {
    id: 'pin',
    type: 'password',
    inputmode: 'numeric',
    autocomplete: 'off',
    'aria-label': t('pin'),
    required: true,
    minlength: 4,
    maxlength: 12,
  });
  const msg = h('p', { role: 'alert', class: 'error', ...DAEMON }, message);
  const form = h(
    'form',
    {
      'aria-label': t('signInForm'),
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        void (async () => {
          const r = await api('login', { body: { pin: pin.value } });
          pin.value = '';
          if (!r.ok) {
            msg.textContent = r.reason;
            return;
          }
          const role = r.body.user.role;
          if (role !== 'technician') {
            await api('logout');
            msg.textContent = t('notTechnician', { role });
            return;
          }
          await start();
        })();
      },
    },
    h('label', { for: 'pin' }, t('pin')),
    pin,
    h('button', { type: 'submit', class: 'primary' }, t('signIn')),
    msg,
  );
  signIn.replaceChildren(h('h2', { id: 'sign-in-title' }, t('signInForm')), h('p', { class: 'muted' }, t('signInHint')), form);
}

async function start(): Promise<void> {
  const me = await api('diagMe');
  if (!me.ok || !me.body.user) {
    showSignIn(me.ok ? '' : me.reason);
    return;
  }
  // Times on this page are read in the consulate's zone and convention (issue 19, item 16), not the browser's.
  const info = await api('kiosk');
  if (info.ok) setConsulateTimeZone(info.body.consulate.timeZone);
  signIn.hidden = true;
  tech.hidden = false;
  buildTechnician(me.body.user.name);
  await Promise.all([loadOverview(), loadPost(), loadCentral(), loadJobs(), loadDiscovery(), loadLogs(), loadJournal()]);
}

// ── technician sections ─────────────────────────────────────────────────

const overviewBox = h('div', { id: 'overview' });
const controlsBox = h('div', { id: 'controls', class: 'cards' });
const testsBox = h('div', { id: 'tests', class: 'cards' });
const jobsBox = h('div', { id: 'jobs', class: 'jobs' });
const discoveryBox = h('div', { id: 'discovery' });
// A scrollable box a keyboard can reach, named: a region, since ARIA allows no name on a bare <pre> (a "log" role
// would read every refresh aloud).
const logsPre = h('pre', { id: 'log-lines', tabindex: 0, role: 'region', 'aria-label': t('logLines'), ...DAEMON });
const logsInfo = h('p', { class: 'muted', ...DAEMON });
const journalBox = h('div', { id: 'journal' });
const scanBox = h('div', { id: 'scan-result' });
const simBanner = h('p', { id: 'sim-banner', class: 'banner', hidden: true });
const postBox = h('div', { id: 'post' });
let postSection: HTMLElement | null = null;
const centralBox = h('div', { id: 'central' });
let centralSection: HTMLElement | null = null;
let logDevice = '';

function buildTechnician(name: string): void {
  const logSelect = h(
    'select',
    {
      id: 'log-device',
      'aria-label': t('logOf'),
      onchange: (ev: Event) => {
        logDevice = (ev.target as HTMLSelectElement).value;
        void loadLogs();
      },
    },
    h('option', { value: '' }, t('logAll')),
    ...DEVICES.map((d) => h('option', { value: d }, d)),
  );
  tech.replaceChildren(
    h(
      'p',
      {},
      t('signedInAs', { name }),
      ' ',
      button(t('signOut'), async () => {
        await api('logout');
        showSignIn();
      }),
    ),
    simBanner,
    section('overview', overviewBox, button(t('refreshOverview'), loadOverview)),
    (postSection = section('post', postBox, button(t('checkPost'), loadPost))),
    (centralSection = section('central', centralBox, button(t('refreshCentral'), loadCentral))),
    section('controls', controlsBox),
    section('tests', testsBox, scanBox),
    section('jobs', jobsBox, button(t('refreshJobs'), loadJobs)),
    section('discovery', discoveryBox, button(t('searchAgain'), loadDiscovery)),
    section(
      'log',
      h('div', { class: 'row' }, h('label', { for: 'log-device' }, t('logDevice')), logSelect, button(t('refreshLog'), loadLogs)),
      logsInfo,
      logsPre,
    ),
    section('journal', journalBox, button(t('refreshJournal'), loadJournal)),
  );
  renderTests();
}

/** A technician section, its heading from the catalogue (`s.<name>`), its id the same in every language. */
function section(name: 'overview' | 'post' | 'central' | 'controls' | 'tests' | 'jobs' | 'discovery' | 'log' | 'journal', ...children: Node[]): HTMLElement {
  const id = `s-${name}`;
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, t(`s.${name}`)), ...children);
}

function button(label: string | Node, action: () => Promise<unknown> | void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', () => {
    b.disabled = true;
    void Promise.resolve(action()).finally(() => (b.disabled = false));
  });
  return b;
}

async function act(ask: () => Promise<Answer<ActionResult>>, after: Array<() => Promise<void>> = [loadOverview]): Promise<boolean> {
  say(true, t('working'));
  const r = await ask();
  if (r.ok) say(r.body.ok, r.body.message);
  else say(false, r.reason);
  await Promise.all(after.map((f) => f()));
  return r.ok && r.body.ok;
}

function renderBanner(): void {
  const sim = lastDevices.filter((d) => d.simulated).map((d) => d.id);
  if (!overview || overview.demo || sim.length === 0) {
    simBanner.hidden = true;
    return;
  }
  simBanner.hidden = false;
  simBanner.textContent = t('simBanner', { devices: sim.join(', ') });
}

/** The post level (a kiosk's hub link, or a hub's kiosks); hidden on a daemon that serves no post. */
async function loadPost(): Promise<void> {
  const r = await api('postDiagnostics');
  if (postSection) postSection.hidden = !r.ok && r.status === 404;
  if (!r.ok) {
    if (r.status !== 404) postBox.replaceChildren(h('p', { class: 'result', ...DAEMON }, r.reason));
    return;
  }
  postBox.replaceChildren(...renderPost(r.body));
}

/** The link to the central service and the bundle each kiosk applies; hidden where the route is absent (a kiosk). */
async function loadCentral(): Promise<void> {
  const r = await api('postBundlesStatus');
  if (centralSection) centralSection.hidden = !r.ok && r.status === 404;
  if (!r.ok) {
    if (r.status !== 404) centralBox.replaceChildren(h('p', { class: 'result', ...DAEMON }, r.reason));
    return;
  }
  centralBox.replaceChildren(...renderCentralLink(r.body));
}

async function loadOverview(): Promise<void> {
  const r = await api('overview');
  if (!r.ok) {
    if (r.status === 401 || r.status === 403) showSignIn(r.reason);
    else say(false, r.reason);
    return;
  }
  overview = r.body;
  const o = r.body;
  const mib = (n: number) => t('mib', { size: (n / 1024 / 1024).toFixed(1) });
  overviewBox.replaceChildren(
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('kiosk')),
      h('dd', {}, o.demo ? t('kioskDemo', { kiosk: o.kioskId }) : o.kioskId),
      h('dt', {}, t('daemonVersion')),
      h('dd', {}, o.version),
      h('dt', {}, t('uptime')),
      h('dd', {}, t('uptimeValue', { hours: Math.floor(o.uptimeSeconds / 3600), minutes: Math.floor((o.uptimeSeconds % 3600) / 60) })),
      h('dt', {}, t('disk')),
      h('dd', {}, t('diskValue', { free: mib(o.disk.freeBytes), total: mib(o.disk.totalBytes) })),
      h('dt', {}, t('journalSize')),
      h('dd', {}, mib(o.journalBytes)),
      h('dt', {}, t('lastBackup')),
      h('dd', {}, o.lastBackup ? t('lastBackupValue', { at: dateTime(o.lastBackup.at), file: o.lastBackup.file }) : t('noBackup')),
    ),
    h(
      'table',
      { 'aria-label': t('selfTests') },
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, t('col.result')), h('th', { scope: 'col' }, t('col.check')), h('th', { scope: 'col' }, t('col.detail'))),
      ),
      h(
        'tbody',
        {},
        ...o.checks.map((c) =>
          h(
            'tr',
            { 'data-check': c.name, 'data-ok': String(c.ok) },
            h('td', {}, t('checkResult', { result: !c.ok ? 'fail' : c.warning ? 'warn' : 'ok' })),
            h('td', DAEMON, c.name),
            h('td', DAEMON, c.detail),
          ),
        ),
      ),
    ),
  );
  renderControls(o.controls);
  renderBanner();
  renderTests();
}

function renderControls(controls: DeviceControls[]): void {
  controlsBox.replaceChildren(
    ...controls.map((c) => {
      const info = lastDevices.find((d) => d.id === c.id);
      return h(
        'fieldset',
        { 'data-controls': c.id },
        h('legend', {}, t('mode', { device: c.id, mode: c.mode })),
        h('p', { class: 'muted', ...DAEMON }, info?.detail ?? ''),
        h(
          'div',
          { class: 'row' },
          c.mode === 'real'
            ? button(t('switchToSim', { device: c.id }), () => act(() => api('deviceMode', { params: { id: c.id }, body: { mode: 'sim' } })))
            : c.canUseReal
              ? button(t('switchToReal', { device: c.id }), () => act(() => api('deviceMode', { params: { id: c.id }, body: { mode: 'real' } })))
              : h('span', { class: 'muted' }, t('configuredSim')),
        ),
        c.faults.length
          ? h(
              'div',
              { class: 'row faults' },
              ...c.faults.map((f) =>
                // The fault's name is the simulator's own (paper-out, cover-open): shown as the daemon gives it.
                button(h('span', DAEMON, f), () => act(() => api('deviceFault', { params: { id: c.id }, body: { fault: f } })), {
                  'aria-label': t('injectFault', { fault: f, device: c.id }),
                  'aria-pressed': String(c.active.includes(f)),
                }),
              ),
              button(t('clearFaults', { device: c.id }), () => act(() => api('deviceFault', { params: { id: c.id }, body: { fault: 'clear' } }))),
            )
          : h('p', { class: 'muted' }, t('faultsNeedSim')),
      );
    }),
  );
}

function renderTests(): void {
  const amount = overview?.testPayment;
  const money = amount ? moneyText(amount.amountMinor, amount.currency) : '';
  const confirmBox = h(
    'div',
    { class: 'confirm', hidden: true, role: 'group', 'aria-label': t('confirmGroup') },
    h('p', {}, t('confirmText', { amount: money })),
    button(
      t('confirmPay', { amount: money }),
      async () => {
        confirmBox.hidden = true;
        await act(() => api('testPayment', { body: { confirm: true, amountMinor: amount?.amountMinor ?? 0 } }), [loadOverview, loadJournal]);
      },
      { class: 'primary' },
    ),
    button(t('cancelPay'), () => {
      confirmBox.hidden = true;
    }),
  );
  testsBox.replaceChildren(
    h(
      'fieldset',
      {},
      h('legend', {}, t('printer')),
      h(
        'div',
        { class: 'row' },
        button(t('testPrint'), () => act(() => api('testPrint'), [loadOverview, loadJobs, loadJournal])),
        button(t('printerStatus'), () => act(() => api('printerStatus'))),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('terminal')),
      h(
        'div',
        { class: 'row' },
        button(t('terminalStatus'), () => act(() => api('terminalStatus'))),
        button(t('endOfDay'), () => act(() => api('endOfDay'), [loadOverview, loadJournal])),
        overview?.paymentsAvailable
          ? button(t('testPayment', { amount: money }), () => {
              confirmBox.hidden = false;
            })
          : h('span', { class: 'muted' }, t('noPayments')),
      ),
      confirmBox,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('scanner')),
      h('div', { class: 'row' }, button(t('waitScan'), waitForScan)),
      ...(overview?.controls.find((c) => c.id === 'scanner')?.mode === 'sim' ? [simScanForm()] : []),
    ),
  );
}

function simScanForm(): HTMLFormElement {
  const text = h('input', { 'aria-label': t('simCode'), placeholder: t('simCodeHint'), maxlength: 2000 });
  return h(
    'form',
    {
      class: 'row',
      'aria-label': t('simScanForm'),
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        void (async () => {
          const r = await api('scannerInject', { body: { text: text.value } });
          if (!r.ok) {
            say(false, r.reason);
            return;
          }
          say(r.body.ok, r.body.message);
          if (r.body.data) showScan(r.body.data);
        })();
      },
    },
    text,
    h('button', { type: 'submit' }, t('simScan')),
  );
}

async function waitForScan(): Promise<void> {
  say(true, t('scanNow', { seconds: 20 }));
  const r = await api('scannerWait', { query: { ms: '20000' } });
  if (!r.ok) {
    say(false, r.reason);
    return;
  }
  if (!r.body.scan) {
    say(false, r.body.message);
    return;
  }
  say(r.body.scan.decoded.ok, t('scanRead', { summary: r.body.scan.decoded.summary }));
  showScan(r.body.scan);
}

function showScan(s: ScanSeen): void {
  scanBox.replaceChildren(
    h(
      'dl',
      { class: 'facts', 'aria-label': t('lastScan') },
      h('dt', {}, t('readAt')),
      h('dd', {}, t('readAtValue', { time: timeOnly(s.at), source: s.source })),
      h('dt', {}, t('raw')),
      h('dd', { class: 'mono', ...DAEMON }, s.escaped),
      h('dt', {}, t('hex')),
      h('dd', { class: 'mono', ...DAEMON }, s.hex),
      h('dt', {}, t('decoded')),
      h('dd', DAEMON, s.decoded.summary),
    ),
  );
}

async function loadJobs(): Promise<void> {
  const r = await api('printedJobs');
  if (!r.ok) return;
  jobsBox.replaceChildren(
    r.body.jobs.length === 0
      ? h('p', { class: 'muted' }, t('nothingPrinted'))
      : h(
          'ul',
          { 'aria-label': t('printedPages') },
          ...r.body.jobs.slice(0, 8).map((j) =>
            h(
              'li',
              {},
              h('img', {
                src: j.image,
                alt: t('pageAlt', { seq: j.seq, kind: j.kind, time: timeOnly(j.at), complete: String(j.complete) }),
                loading: 'lazy',
              }),
              h(
                'p',
                { class: 'muted' },
                t('jobLine', {
                  seq: j.seq,
                  time: timeOnly(j.at),
                  bytes: j.bytes,
                  state: j.complete ? t('jobComplete') : t('jobEndedBy', { reason: j.endedBy ?? '' }),
                }),
              ),
            ),
          ),
        ),
    h('p', { class: 'muted' }, r.body.source === 'simulator' ? t('fromSimulator') : t('fromReal')),
  );
}

async function loadDiscovery(): Promise<void> {
  const r = await api('discovery');
  if (!r.ok) {
    discoveryBox.replaceChildren(h('p', { class: 'error', ...DAEMON }, r.reason));
    return;
  }
  const d = r.body;
  const ports = [...d.serial, ...d.printers];
  const hex = (n: number | undefined) => (n === undefined ? '' : n.toString(16).padStart(4, '0'));
  discoveryBox.replaceChildren(
    h('p', { class: 'muted', ...DAEMON }, d.udev),
    h(
      'table',
      { 'aria-label': t('portsFound') },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('col.port')),
          h('th', { scope: 'col' }, t('col.kind')),
          h('th', { scope: 'col' }, t('col.usbId')),
          h('th', { scope: 'col' }, t('col.vendor')),
          h('th', { scope: 'col' }, t('col.probably')),
          h('th', { scope: 'col' }, t('col.foundBy')),
        ),
      ),
      h(
        'tbody',
        {},
        ...(ports.length
          ? ports.map((p) =>
              h(
                'tr',
                { 'data-port': p.path },
                h('td', { class: 'mono', ...DAEMON }, p.stableName ?? p.path),
                h('td', DAEMON, p.kind),
                h('td', { class: 'mono', ...DAEMON }, p.vendorId === undefined ? '' : `${hex(p.vendorId)}:${hex(p.productId)}`),
                h('td', DAEMON, p.vendor),
                h('td', DAEMON, p.probably),
                h('td', DAEMON, p.source),
              ),
            )
          : [h('tr', {}, h('td', { colspan: 6 }, t('noPorts')))]),
      ),
    ),
    h(
      'table',
      { 'aria-label': t('hidDevices') },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('col.usbId')),
          h('th', { scope: 'col' }, t('col.product')),
          h('th', { scope: 'col' }, t('col.vendor')),
          h('th', { scope: 'col' }, t('col.probably')),
        ),
      ),
      h(
        'tbody',
        {},
        ...(d.hid.length
          ? d.hid.map((x) =>
              h(
                'tr',
                {},
                h('td', { class: 'mono', ...DAEMON }, `${hex(x.vendorId)}:${hex(x.productId)}`),
                h('td', DAEMON, `${x.manufacturer ?? ''} ${x.product ?? ''}`),
                h('td', DAEMON, x.vendor),
                h('td', DAEMON, x.probably),
              ),
            )
          : [h('tr', {}, d.hidError ? h('td', { colspan: 4, ...DAEMON }, d.hidError) : h('td', { colspan: 4 }, t('noHid')))]),
      ),
    ),
  );
}

async function loadLogs(): Promise<void> {
  const r = await api('logs', { query: { lines: '200', ...(logDevice ? { device: logDevice } : {}) } });
  if (!r.ok) {
    logsInfo.textContent = r.reason;
    return;
  }
  logsInfo.textContent = r.body.message;
  const atEnd = logsPre.scrollTop + logsPre.clientHeight >= logsPre.scrollHeight - 8;
  logsPre.textContent = r.body.lines.map((l) => `${logTime(l.time)} ${l.level.padEnd(5)} ${l.device ? `[${l.device}] ` : ''}${l.msg}`).join('\n');
  if (atEnd) logsPre.scrollTop = logsPre.scrollHeight;
}

async function loadJournal(): Promise<void> {
  const r = await api('journal', { query: { limit: '50' } });
  if (!r.ok) {
    journalBox.replaceChildren(h('p', { class: 'error', ...DAEMON }, r.reason));
    return;
  }
  const j = r.body;
  // What the terminal approved, when it is not the request (money taken for another amount: staff decide).
  const approvedOther = (p: (typeof j.payments)[number]) =>
    p.approvedAmountMinor !== null && p.approvedCurrency !== null && (p.approvedAmountMinor !== p.amountMinor || p.approvedCurrency !== p.currency)
      ? t('terminalApproved', { amount: moneyText(p.approvedAmountMinor, p.approvedCurrency) })
      : '';
  const ref = (p: (typeof j.payments)[number]) => (p.shortRef ? `${p.shortRef} (${p.id})` : p.id);
  const lock = PaymentLock.safeParse(j.lock);
  const working = new Map((lock.success ? (lock.data.terminalWorking ?? []) : []).map((w) => [w.id, w]));
  journalBox.replaceChildren(
    h('h3', {}, t('pendingTitle')),
    j.pending.length === 0
      ? h('p', {}, t('noPending'))
      : h(
          'ul',
          { class: 'pending', 'aria-label': t('pendingTitle') },
          ...j.pending.map((p) =>
            h(
              'li',
              { 'data-payment': p.id },
              h(
                'p',
                {},
                `${ref(p)} — ${moneyText(p.amountMinor, p.currency)}${approvedOther(p)} — ${t('paymentState', { state: p.state })} — ` +
                  `${dateTime(p.createdAt)}${p.isTest ? t('testMark') : ''}`,
                h('br', {}),
                // The reason is the daemon's record of what happened; the terminal's own data follows it.
                h(
                  'span',
                  { class: 'muted' },
                  p.reason ? h('span', DAEMON, p.reason) : '',
                  p.reason && p.terminalData ? ' — ' : '',
                  p.terminalData ? t('terminalData', { data: p.terminalData }) : '',
                ),
              ),
              stillWorking(working.get(p.id)),
              j.canSettle ? settleForm(p.id, working.has(p.id)) : h('p', { class: 'muted' }, t('cannotSettle')),
            ),
          ),
        ),
    h(
      'p',
      {},
      t('export'),
      h('a', { href: linkTo('journalCsv', { params: { file: 'events.csv' } }), download: '' }, t('eventsCsv')),
      ' · ',
      h('a', { href: linkTo('journalCsv', { params: { file: 'payments.csv' } }), download: '' }, t('paymentsCsv')),
      ' · ',
      h('a', { href: linkTo('journalCsv', { params: { file: 'print-jobs.csv' } }), download: '' }, t('printJobsCsv')),
    ),
    h('h3', {}, t('recentEvents')),
    h(
      'table',
      { 'aria-label': t('recentEvents') },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('col.time')),
          h('th', { scope: 'col' }, t('col.event')),
          h('th', { scope: 'col' }, t('col.subject')),
          h('th', { scope: 'col' }, t('col.details')),
        ),
      ),
      h(
        'tbody',
        {},
        ...j.events.map((e) =>
          h(
            'tr',
            { 'data-event': e.kind },
            h('td', {}, dateTime(e.at)),
            // The journal's own record: event kinds and payloads are the daemon's, as written.
            h('td', DAEMON, e.kind),
            h('td', DAEMON, e.subject ?? ''),
            h('td', { class: 'mono', ...DAEMON }, JSON.stringify(e.payload).slice(0, 160)),
          ),
        ),
      ),
    ),
    h('h3', {}, t('payments')),
    h(
      'table',
      { 'aria-label': t('payments') },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('col.terminalRef')),
          h('th', { scope: 'col' }, t('col.id')),
          h('th', { scope: 'col' }, t('col.amount')),
          h('th', { scope: 'col' }, t('col.state')),
          h('th', { scope: 'col' }, t('col.created')),
          h('th', { scope: 'col' }, t('col.reason')),
          h('th', { scope: 'col' }, t('col.cardReceipt')),
        ),
      ),
      h(
        'tbody',
        {},
        ...j.payments.map((p) =>
          h(
            'tr',
            {},
            h('td', { class: 'mono', ...DAEMON }, p.shortRef ?? ''),
            h('td', { class: 'mono', ...DAEMON }, p.id),
            h('td', {}, moneyText(p.amountMinor, p.currency) + approvedOther(p) + (p.isTest ? t('testSuffix') : '')),
            h('td', {}, t('paymentState', { state: p.state })),
            h('td', {}, dateTime(p.createdAt)),
            h('td', DAEMON, p.reason ?? p.settleReason ?? ''),
            h(
              'td',
              {},
              p.cardReceipt
                ? button(t('reprint'), () => act(() => api('cardReceiptReprint', { params: { pid: p.id } }), [loadJobs, loadJournal]), {
                    'aria-label': t('reprintOf', { payment: p.id }),
                  })
                : '',
            ),
          ),
        ),
      ),
    ),
    h('h3', {}, t('printJobs')),
    h(
      'table',
      { 'aria-label': t('printJobs') },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('col.id')),
          h('th', { scope: 'col' }, t('col.kind')),
          h('th', { scope: 'col' }, t('col.state')),
          h('th', { scope: 'col' }, t('col.bytes')),
          h('th', { scope: 'col' }, t('col.created')),
          h('th', { scope: 'col' }, t('col.reason')),
        ),
      ),
      h(
        'tbody',
        {},
        ...j.printJobs.map((p) =>
          h(
            'tr',
            {},
            h('td', { class: 'mono', ...DAEMON }, p.id),
            h('td', DAEMON, p.kind),
            h('td', DAEMON, p.state),
            h('td', {}, String(p.bytes)),
            h('td', {}, dateTime(p.created_at)),
            h('td', DAEMON, p.reason ?? ''),
          ),
        ),
      ),
    ),
  );
}

/** The ZVT terminal has not answered about this payment yet: it may still be working on it (and hold the money). */
function stillWorking(w: TerminalWorking | undefined): HTMLElement | null {
  if (!w) return null;
  const next = w.nextAskAt ? t('nextAsk', { time: timeOnly(w.nextAskAt) }) : '';
  return h(
    'p',
    { class: 'working', role: 'status', 'data-terminal-working': w.id },
    h('strong', {}, t('stillWorking')),
    t('workingSince', { since: timeOnly(w.since), detail: w.detail, attempts: w.attempts ?? 0 }) + next,
    t('workingWait'),
  );
}

function settleForm(id: string, terminalWorking: boolean): HTMLFormElement {
  const outcome = h(
    'select',
    { 'aria-label': t('outcomeOf', { payment: id }) },
    h('option', { value: 'not-charged' }, t('notCharged')),
    h('option', { value: 'approved' }, t('approvedTaken')),
  );
  const auth = h('input', { 'aria-label': t('authOf', { payment: id }), placeholder: t('authHint'), maxlength: 32 });
  const reason = h('input', {
    'aria-label': t('reasonOf', { payment: id }),
    placeholder: t('reasonHint'),
    required: true,
    minlength: 3,
    maxlength: 500,
  });
  // Only offered while the terminal is silent: forcing "not charged" then needs a reason that says why.
  const force = h('input', { type: 'checkbox', 'aria-label': t('forceOf', { payment: id }) });
  const forceLabel = terminalWorking ? h('label', { class: 'row' }, force, t('forceLabel')) : null;
  return h(
    'form',
    {
      class: 'row',
      'aria-label': t('settleForm', { payment: id }),
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        const body =
          outcome.value === 'approved'
            ? { outcome: 'approved' as const, authCode: auth.value, reason: reason.value }
            : { outcome: 'not-charged' as const, reason: reason.value, ...(terminalWorking && force.checked ? { force: true } : {}) };
        void act(() => api('diagSettle', { params: { pid: id }, body }), [loadJournal, loadOverview]);
      },
    },
    outcome,
    auth,
    reason,
    forceLabel,
    h('button', { type: 'submit' }, t('settle', { payment: id })),
  );
}

// Lights and controls follow the devices live; the log tail refreshes while the page is visible.
connectLive({
  onPush: (msg) => {
    if (msg.type === 'devices' || msg.type === 'hello') {
      renderDevices(msg.devices);
      if (overview) renderControls(overview.controls);
    }
  },
  onConnected: () => void refreshHealth().catch((err: Error) => (summary.textContent = t('healthError', { reason: err.message }))),
  onState: (s) => showLink(link, s, { connecting: t('link.connecting'), online: t('link.online'), offline: t('link.offline') }),
});
setInterval(() => {
  if (!tech.hidden && document.visibilityState === 'visible') void loadLogs();
}, 3000);
void start();
