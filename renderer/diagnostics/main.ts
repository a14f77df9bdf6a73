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

const app = byId('app');
const link = h('div', { class: 'link' });
document.body.append(link);

const STATUS_WORDS: Record<DeviceInfo['status'], string> = { ok: 'OK', warning: 'Warning', error: 'Error', offline: 'Offline', unknown: 'Unknown' };
const DEVICES = ['printer', 'terminal', 'scanner'] as const;

const summary = h('p', { id: 'summary', class: 'muted' });
const tbody = h('tbody', { id: 'devices' });
const result = h('p', { id: 'result', role: 'status', 'aria-live': 'polite', class: 'result' });
const signIn = h('section', { id: 'sign-in', 'aria-labelledby': 'sign-in-title' });
const tech = h('div', { id: 'technician', hidden: true });

app.replaceChildren(
  h('h1', {}, 'Diagnostics'),
  summary,
  h('h2', { id: 'devices-title' }, 'Devices'),
  h(
    'table',
    { 'aria-label': 'Devices' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Device'),
        h('th', { scope: 'col' }, 'Driver'),
        h('th', { scope: 'col' }, 'Address'),
        h('th', { scope: 'col' }, 'Detail'),
        h('th', { scope: 'col' }, 'Since'),
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
          h('span', { class: 'light', 'data-status': d.status, role: 'img', 'aria-label': `${d.id}: ${STATUS_WORDS[d.status]}` }),
          STATUS_WORDS[d.status],
        ),
        h('td', {}, d.id, ' ', h('span', { class: 'muted' }, `(${d.kind})`)),
        h('td', {}, d.driver, d.simulated ? h('span', { class: 'muted' }, ' — simulated') : ''),
        h('td', {}, d.address ?? ''),
        h('td', { class: 'detail' }, d.detail ?? ''),
        h('td', {}, timeOnly(d.since)),
      ),
    ),
  );
  renderBanner();
}

async function refreshHealth(): Promise<void> {
  const r = await api('health');
  if (!r.ok) {
    summary.textContent = `Cannot read /api/health: ${r.reason}`;
    return;
  }
  const health = r.body;
  summary.textContent =
    `Version ${health.version} — up ${Math.floor(health.uptimeSeconds / 60)} min — ` + (health.ok ? 'all devices ready' : 'some devices need attention');
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
    'aria-label': 'Technician PIN',
    required: true,
    minlength: 4,
    maxlength: 12,
  });
  const msg = h('p', { role: 'alert', class: 'error' }, message);
  const form = h(
    'form',
    {
      'aria-label': 'Technician sign-in',
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
            msg.textContent = `this PIN signs in a ${role}; the diagnostics page needs a technician PIN`;
            return;
          }
          await start();
        })();
      },
    },
    h('label', { for: 'pin' }, 'Technician PIN'),
    pin,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
    msg,
  );
  signIn.replaceChildren(
    h('h2', { id: 'sign-in-title' }, 'Technician sign-in'),
    h('p', { class: 'muted' }, 'Tests, simulators, logs and the journal need a technician PIN.'),
    form,
  );
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
const logsPre = h('pre', { id: 'log-lines', tabindex: 0, 'aria-label': 'Log lines' });
const logsInfo = h('p', { class: 'muted' });
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
      'aria-label': 'Show log lines of',
      onchange: (ev: Event) => {
        logDevice = (ev.target as HTMLSelectElement).value;
        void loadLogs();
      },
    },
    h('option', { value: '' }, 'all lines'),
    ...DEVICES.map((d) => h('option', { value: d }, d)),
  );
  tech.replaceChildren(
    h(
      'p',
      {},
      `Signed in as ${name} `,
      button('Sign out', async () => {
        await api('logout');
        showSignIn();
      }),
    ),
    simBanner,
    section('Overview', overviewBox, button('Refresh overview', loadOverview)),
    (postSection = section('Post', postBox, button('Check the post again', loadPost))),
    (centralSection = section('Central service', centralBox, button('Refresh central link', loadCentral))),
    section('Simulators and faults', controlsBox),
    section('Device tests', testsBox, scanBox),
    section('Last printed pages', jobsBox, button('Refresh printed pages', loadJobs)),
    section('Ports and devices found', discoveryBox, button('Search again', loadDiscovery)),
    section('Log', h('div', { class: 'row' }, h('label', { for: 'log-device' }, 'Device'), logSelect, button('Refresh log', loadLogs)), logsInfo, logsPre),
    section('Journal', journalBox, button('Refresh journal', loadJournal)),
  );
  renderTests();
}

function section(title: string, ...children: Node[]): HTMLElement {
  const id = `s-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

function button(label: string, action: () => Promise<unknown> | void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', () => {
    b.disabled = true;
    void Promise.resolve(action()).finally(() => (b.disabled = false));
  });
  return b;
}

async function act(ask: () => Promise<Answer<ActionResult>>, after: Array<() => Promise<void>> = [loadOverview]): Promise<boolean> {
  say(true, 'Working…');
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
  simBanner.textContent = `Simulated outside demo mode: ${sim.join(', ')}. The kiosk shows a banner to visitors until these run real devices again.`;
}

/** The post level (a kiosk's hub link, or a hub's kiosks); hidden on a daemon that serves no post. */
async function loadPost(): Promise<void> {
  const r = await api('postDiagnostics');
  if (postSection) postSection.hidden = !r.ok && r.status === 404;
  if (!r.ok) {
    if (r.status !== 404) postBox.replaceChildren(h('p', { class: 'result' }, r.reason));
    return;
  }
  postBox.replaceChildren(...renderPost(r.body));
}

/** The link to the central service and the bundle each kiosk applies; hidden where the route is absent (a kiosk). */
async function loadCentral(): Promise<void> {
  const r = await api('postBundlesStatus');
  if (centralSection) centralSection.hidden = !r.ok && r.status === 404;
  if (!r.ok) {
    if (r.status !== 404) centralBox.replaceChildren(h('p', { class: 'result' }, r.reason));
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
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  overviewBox.replaceChildren(
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Kiosk'),
      h('dd', {}, `${o.kioskId}${o.demo ? ' (demo mode)' : ''}`),
      h('dt', {}, 'Daemon version'),
      h('dd', {}, o.version),
      h('dt', {}, 'Uptime'),
      h('dd', {}, `${Math.floor(o.uptimeSeconds / 3600)} h ${Math.floor((o.uptimeSeconds % 3600) / 60)} min`),
      h('dt', {}, 'Disk space'),
      h('dd', {}, `${mib(o.disk.freeBytes)} free of ${mib(o.disk.totalBytes)}`),
      h('dt', {}, 'Journal size'),
      h('dd', {}, mib(o.journalBytes)),
      h('dt', {}, 'Last backup'),
      h('dd', {}, o.lastBackup ? `${dateTime(o.lastBackup.at)} — ${o.lastBackup.file}` : "no backup found in the data directory's backups folder"),
    ),
    h(
      'table',
      { 'aria-label': 'Self tests' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Result'), h('th', { scope: 'col' }, 'Check'), h('th', { scope: 'col' }, 'Detail'))),
      h(
        'tbody',
        {},
        ...o.checks.map((c) =>
          h(
            'tr',
            { 'data-check': c.name, 'data-ok': String(c.ok) },
            h('td', {}, !c.ok ? 'FAIL' : c.warning ? 'WARN' : 'ok'),
            h('td', {}, c.name),
            h('td', {}, c.detail),
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
      const mode = c.mode === 'sim' ? 'simulator' : 'real device';
      return h(
        'fieldset',
        { 'data-controls': c.id },
        h('legend', {}, `${c.id} — ${mode}`),
        h('p', { class: 'muted' }, info?.detail ?? ''),
        h(
          'div',
          { class: 'row' },
          c.mode === 'real'
            ? button(`Switch ${c.id} to simulator`, () => act(() => api('deviceMode', { params: { id: c.id }, body: { mode: 'sim' } })))
            : c.canUseReal
              ? button(`Switch ${c.id} to real device`, () => act(() => api('deviceMode', { params: { id: c.id }, body: { mode: 'real' } })))
              : h('span', { class: 'muted' }, 'configured as a simulator'),
        ),
        c.faults.length
          ? h(
              'div',
              { class: 'row faults' },
              ...c.faults.map((f) =>
                button(f, () => act(() => api('deviceFault', { params: { id: c.id }, body: { fault: f } })), {
                  'aria-label': `Inject ${f} into ${c.id}`,
                  'aria-pressed': String(c.active.includes(f)),
                }),
              ),
              button(`Clear ${c.id} faults`, () => act(() => api('deviceFault', { params: { id: c.id }, body: { fault: 'clear' } }))),
            )
          : h('p', { class: 'muted' }, 'Faults are injected into the simulator: switch to it first.'),
      );
    }),
  );
}

function renderTests(): void {
  const amount = overview?.testPayment;
  const money = amount ? moneyText(amount.amountMinor, amount.currency) : '';
  const confirmBox = h(
    'div',
    { class: 'confirm', hidden: true, role: 'group', 'aria-label': 'Confirm the test payment' },
    h('p', {}, `This charges ${money} to the card presented on the terminal. It is journaled as a test payment.`),
    button(
      `Confirm test payment of ${money}`,
      async () => {
        confirmBox.hidden = true;
        await act(() => api('testPayment', { body: { confirm: true, amountMinor: amount?.amountMinor ?? 0 } }), [loadOverview, loadJournal]);
      },
      { class: 'primary' },
    ),
    button('Cancel test payment', () => {
      confirmBox.hidden = true;
    }),
  );
  testsBox.replaceChildren(
    h(
      'fieldset',
      {},
      h('legend', {}, 'Printer'),
      h(
        'div',
        { class: 'row' },
        button('Test print', () => act(() => api('testPrint'), [loadOverview, loadJobs, loadJournal])),
        button('Printer status', () => act(() => api('printerStatus'))),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Terminal'),
      h(
        'div',
        { class: 'row' },
        button('Terminal status', () => act(() => api('terminalStatus'))),
        button('End of day', () => act(() => api('endOfDay'), [loadOverview, loadJournal])),
        overview?.paymentsAvailable
          ? button(`Test payment of ${money}`, () => {
              confirmBox.hidden = false;
            })
          : h('span', { class: 'muted' }, 'Test payment: the payment service is not running in this daemon.'),
      ),
      confirmBox,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Scanner'),
      h('div', { class: 'row' }, button('Wait for the next scan', waitForScan)),
      ...(overview?.controls.find((c) => c.id === 'scanner')?.mode === 'sim' ? [simScanForm()] : []),
    ),
  );
}

function simScanForm(): HTMLFormElement {
  const text = h('input', { 'aria-label': 'Code to scan with the simulator', placeholder: 'RDV1:… or any code', maxlength: 2000 });
  return h(
    'form',
    {
      class: 'row',
      'aria-label': 'Simulated scan',
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
    h('button', { type: 'submit' }, 'Scan with the simulator'),
  );
}

async function waitForScan(): Promise<void> {
  say(true, 'Scan a code now (waiting 20 s)…');
  const r = await api('scannerWait', { query: { ms: '20000' } });
  if (!r.ok) {
    say(false, r.reason);
    return;
  }
  if (!r.body.scan) {
    say(false, r.body.message);
    return;
  }
  say(r.body.scan.decoded.ok, `Scanner read a code: ${r.body.scan.decoded.summary}`);
  showScan(r.body.scan);
}

function showScan(s: ScanSeen): void {
  scanBox.replaceChildren(
    h(
      'dl',
      { class: 'facts', 'aria-label': 'Last scan' },
      h('dt', {}, 'Read at'),
      h('dd', {}, `${timeOnly(s.at)} (${s.source})`),
      h('dt', {}, 'Raw'),
      h('dd', { class: 'mono' }, s.escaped),
      h('dt', {}, 'Hex'),
      h('dd', { class: 'mono' }, s.hex),
      h('dt', {}, 'Decoded'),
      h('dd', {}, s.decoded.summary),
    ),
  );
}

async function loadJobs(): Promise<void> {
  const r = await api('printedJobs');
  if (!r.ok) return;
  jobsBox.replaceChildren(
    r.body.jobs.length === 0
      ? h('p', { class: 'muted' }, 'Nothing printed since the printer was opened.')
      : h(
          'ul',
          { 'aria-label': 'Printed pages' },
          ...r.body.jobs.slice(0, 8).map((j) =>
            h(
              'li',
              {},
              h('img', {
                src: j.image,
                alt: `Printed page ${j.seq} (${j.kind}), ${timeOnly(j.at)}${j.complete ? '' : ', incomplete'}`,
                loading: 'lazy',
              }),
              h('p', { class: 'muted' }, `#${j.seq} ${timeOnly(j.at)} — ${j.bytes} bytes — ${j.complete ? 'complete' : `ended by ${j.endedBy}`}`),
            ),
          ),
        ),
    h(
      'p',
      { class: 'muted' },
      r.body.source === 'simulator' ? 'Pages printed by the simulated printer.' : 'What the daemon sent to the real printer, drawn by the simulator.',
    ),
  );
}

async function loadDiscovery(): Promise<void> {
  const r = await api('discovery');
  if (!r.ok) {
    discoveryBox.replaceChildren(h('p', { class: 'error' }, r.reason));
    return;
  }
  const d = r.body;
  const ports = [...d.serial, ...d.printers];
  const hex = (n: number | undefined) => (n === undefined ? '' : n.toString(16).padStart(4, '0'));
  discoveryBox.replaceChildren(
    h('p', { class: 'muted' }, d.udev),
    h(
      'table',
      { 'aria-label': 'Ports found' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Port'),
          h('th', { scope: 'col' }, 'Kind'),
          h('th', { scope: 'col' }, 'USB id'),
          h('th', { scope: 'col' }, 'Vendor'),
          h('th', { scope: 'col' }, 'Probably'),
          h('th', { scope: 'col' }, 'Found by'),
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
                h('td', { class: 'mono' }, p.stableName ?? p.path),
                h('td', {}, p.kind),
                h('td', { class: 'mono' }, p.vendorId === undefined ? '' : `${hex(p.vendorId)}:${hex(p.productId)}`),
                h('td', {}, p.vendor),
                h('td', {}, p.probably),
                h('td', {}, p.source),
              ),
            )
          : [h('tr', {}, h('td', { colspan: 6 }, 'No serial port or printer device found.'))]),
      ),
    ),
    h(
      'table',
      { 'aria-label': 'HID devices' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'USB id'),
          h('th', { scope: 'col' }, 'Product'),
          h('th', { scope: 'col' }, 'Vendor'),
          h('th', { scope: 'col' }, 'Probably'),
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
                h('td', { class: 'mono' }, `${hex(x.vendorId)}:${hex(x.productId)}`),
                h('td', {}, `${x.manufacturer ?? ''} ${x.product ?? ''}`),
                h('td', {}, x.vendor),
                h('td', {}, x.probably),
              ),
            )
          : [h('tr', {}, h('td', { colspan: 4 }, d.hidError ?? 'No HID device found.'))]),
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
    journalBox.replaceChildren(h('p', { class: 'error' }, r.reason));
    return;
  }
  const j = r.body;
  // What the terminal approved, when it is not the request (money taken for another amount: staff decide).
  const approvedOther = (p: (typeof j.payments)[number]) =>
    p.approvedAmountMinor !== null && p.approvedCurrency !== null && (p.approvedAmountMinor !== p.amountMinor || p.approvedCurrency !== p.currency)
      ? ` — terminal approved ${moneyText(p.approvedAmountMinor, p.approvedCurrency)}`
      : '';
  const ref = (p: (typeof j.payments)[number]) => (p.shortRef ? `${p.shortRef} (${p.id})` : p.id);
  const lock = PaymentLock.safeParse(j.lock);
  const working = new Map((lock.success ? (lock.data.terminalWorking ?? []) : []).map((w) => [w.id, w]));
  journalBox.replaceChildren(
    h('h3', {}, 'Payments needing reconciliation'),
    j.pending.length === 0
      ? h('p', {}, 'None: no payment is waiting for staff.')
      : h(
          'ul',
          { class: 'pending', 'aria-label': 'Payments needing reconciliation' },
          ...j.pending.map((p) =>
            h(
              'li',
              { 'data-payment': p.id },
              h(
                'p',
                {},
                `${ref(p)} — ${moneyText(p.amountMinor, p.currency)}${approvedOther(p)} — ${p.state} — ` +
                  `${dateTime(p.createdAt)}${p.isTest ? ' — test' : ''}`,
                h('br', {}),
                h('span', { class: 'muted' }, [p.reason, p.terminalData ? `terminal data: ${p.terminalData}` : null].filter(Boolean).join(' — ')),
              ),
              stillWorking(working.get(p.id)),
              j.canSettle
                ? settleForm(p.id, working.has(p.id))
                : h('p', { class: 'muted' }, 'The payment service is not running in this daemon: it cannot be settled here yet.'),
            ),
          ),
        ),
    h(
      'p',
      {},
      'Export: ',
      h('a', { href: linkTo('journalCsv', { params: { file: 'events.csv' } }), download: '' }, 'events (CSV)'),
      ' · ',
      h('a', { href: linkTo('journalCsv', { params: { file: 'payments.csv' } }), download: '' }, 'payments (CSV)'),
      ' · ',
      h('a', { href: linkTo('journalCsv', { params: { file: 'print-jobs.csv' } }), download: '' }, 'print jobs (CSV)'),
    ),
    h('h3', {}, 'Recent events'),
    h(
      'table',
      { 'aria-label': 'Recent events' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Time'),
          h('th', { scope: 'col' }, 'Event'),
          h('th', { scope: 'col' }, 'Subject'),
          h('th', { scope: 'col' }, 'Details'),
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
            h('td', {}, e.kind),
            h('td', {}, e.subject ?? ''),
            h('td', { class: 'mono' }, JSON.stringify(e.payload).slice(0, 160)),
          ),
        ),
      ),
    ),
    h('h3', {}, 'Payments'),
    h(
      'table',
      { 'aria-label': 'Payments' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Terminal ref.'),
          h('th', { scope: 'col' }, 'Id'),
          h('th', { scope: 'col' }, 'Amount'),
          h('th', { scope: 'col' }, 'State'),
          h('th', { scope: 'col' }, 'Created'),
          h('th', { scope: 'col' }, 'Reason'),
          h('th', { scope: 'col' }, 'Card receipt'),
        ),
      ),
      h(
        'tbody',
        {},
        ...j.payments.map((p) =>
          h(
            'tr',
            {},
            h('td', { class: 'mono' }, p.shortRef ?? ''),
            h('td', { class: 'mono' }, p.id),
            h('td', {}, moneyText(p.amountMinor, p.currency) + approvedOther(p) + (p.isTest ? ' (test)' : '')),
            h('td', {}, p.state),
            h('td', {}, dateTime(p.createdAt)),
            h('td', {}, p.reason ?? p.settleReason ?? ''),
            h(
              'td',
              {},
              p.cardReceipt
                ? button(`Reprint card receipt`, () => act(() => api('cardReceiptReprint', { params: { pid: p.id } }), [loadJobs, loadJournal]), {
                    'aria-label': `Reprint the card receipt of payment ${p.id}`,
                  })
                : '',
            ),
          ),
        ),
      ),
    ),
    h('h3', {}, 'Print jobs'),
    h(
      'table',
      { 'aria-label': 'Print jobs' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Id'),
          h('th', { scope: 'col' }, 'Kind'),
          h('th', { scope: 'col' }, 'State'),
          h('th', { scope: 'col' }, 'Bytes'),
          h('th', { scope: 'col' }, 'Created'),
          h('th', { scope: 'col' }, 'Reason'),
        ),
      ),
      h(
        'tbody',
        {},
        ...j.printJobs.map((p) =>
          h(
            'tr',
            {},
            h('td', { class: 'mono' }, p.id),
            h('td', {}, p.kind),
            h('td', {}, p.state),
            h('td', {}, String(p.bytes)),
            h('td', {}, dateTime(p.created_at)),
            h('td', {}, p.reason ?? ''),
          ),
        ),
      ),
    ),
  );
}

/** The ZVT terminal has not answered about this payment yet: it may still be working on it (and hold the money). */
function stillWorking(w: TerminalWorking | undefined): HTMLElement | null {
  if (!w) return null;
  const next = w.nextAskAt ? ` Next question at ${timeOnly(w.nextAskAt)}.` : '';
  return h(
    'p',
    { class: 'working', role: 'status', 'data-terminal-working': w.id },
    h('strong', {}, 'Terminal still working: '),
    `it has not answered since ${timeOnly(w.since)} (${w.detail}). ` +
      `The kiosk keeps asking it${w.attempts ? ` (${w.attempts} questions so far)` : ''}.${next} `,
    'Wait for its answer; "not charged" is refused until then unless forced.',
  );
}

function settleForm(id: string, terminalWorking: boolean): HTMLFormElement {
  const outcome = h(
    'select',
    { 'aria-label': `Outcome of payment ${id}` },
    h('option', { value: 'not-charged' }, 'not charged'),
    h('option', { value: 'approved' }, 'approved (money taken)'),
  );
  const auth = h('input', { 'aria-label': `Authorisation code of payment ${id}`, placeholder: 'auth code (if approved)', maxlength: 32 });
  const reason = h('input', {
    'aria-label': `Reason for settling payment ${id}`,
    placeholder: 'how you decided, e.g. terminal journal 10:42',
    required: true,
    minlength: 3,
    maxlength: 500,
  });
  // Only offered while the terminal is silent: forcing "not charged" then needs a reason that says why.
  const force = h('input', { type: 'checkbox', 'aria-label': `Force "not charged" for payment ${id} although the terminal has not answered` });
  const forceLabel = terminalWorking ? h('label', { class: 'row' }, force, 'force "not charged" (terminal replaced or broken)') : null;
  return h(
    'form',
    {
      class: 'row',
      'aria-label': `Settle payment ${id}`,
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
    h('button', { type: 'submit' }, `Settle ${id}`),
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
  onConnected: () => void refreshHealth().catch((err: Error) => (summary.textContent = `Cannot read /api/health: ${err.message}`)),
  onState: (s) => showLink(link, s),
});
setInterval(() => {
  if (!tech.hidden && document.visibilityState === 'visible') void loadLogs();
}, 3000);
void start();
