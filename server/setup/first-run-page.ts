// The HTML of the first-run page: plain server-made forms (no script), so it works in the kiosk window before
// anything else is set up, and every field has its label (the e2e test finds them by accessible name).
import type { FieldError } from '../config/load';
import { accountCount } from './first-run-accounts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>${head}
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:18px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111;background:#fff}
fieldset{margin:1rem 0;border:1px solid #888;border-radius:6px}label{display:block;margin:.6rem 0 .1rem}
input,select,button{font:inherit;padding:.4rem;min-width:18rem}
input[type=checkbox]{min-width:0}button{margin-top:1rem;background:#0b4a8b;color:#fff;border:0;border-radius:4px}
[role=alert]{background:#fde8e8;border-left:4px solid #b00;padding:.5rem 1rem}
</style></head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

export function codePage(problem?: string): string {
  return page(
    'Kiosk first-run setup',
    `<p>Type the one-time setup code that the installer printed (or run <code>sudo kiosk setup --code</code> for a new one).</p>
${problem ? `<p role="alert">${esc(problem)}</p>` : ''}
<form method="post" action="/unlock">
<label for="code">One-time setup code</label><input id="code" name="code" autocomplete="off" autocapitalize="characters" required>
<button type="submit">Unlock</button></form>`,
  );
}

export interface FormValues {
  [name: string]: string;
}

const input = (v: FormValues, name: string, label: string, extra = '') =>
  `<label for="${name}">${esc(label)}</label><input id="${name}" name="${name}" value="${esc(v[name] ?? '')}" ${extra}>`;

const select = (v: FormValues, name: string, label: string, options: string[]) =>
  `<label for="${name}">${esc(label)}</label><select id="${name}" name="${name}">${options
    .map((o) => `<option${v[name] === o ? ' selected' : ''}>${esc(o)}</option>`)
    .join('')}</select>`;

/**
 * The LAN as the wizard asks it: by default what the role implies (a hub serves its counters and board, a standalone
 * kiosk does not, a kiosk of a post never may), so a page without script needs no second choice to get it right.
 */
const LAN_CHOICES: Array<[string, string]> = [
  ['role', 'As the role implies: yes on a hub, no otherwise'],
  ['on', 'Yes'],
  ['off', 'No'],
];
const lanSelect = (v: FormValues) =>
  `<label for="lan">Serve counters and the board on the LAN (server.lan)</label><select id="lan" name="lan">${LAN_CHOICES.map(
    ([value, text]) => `<option value="${value}"${(v.lan ?? 'role') === value ? ' selected' : ''}>${esc(text)}</option>`,
  ).join('')}</select>`;

/** A PIN field: never filled in by the server. */
const pinInput = (id: string, label: string) =>
  `<label for="${id}">${esc(label)}</label><input id="${id}" name="${id}" type="password" inputmode="numeric" autocomplete="new-password" required>`;

/** One fieldset per staff account, labelled as the wizard asks; the PINs are always empty. */
function accountRows(v: FormValues): string {
  const n = accountCount(v);
  const rows = Array.from({ length: n }, (_, i) => {
    const role = v[`staffRole-${i}`] ?? (i === 0 ? 'technician' : 'staff');
    return `<fieldset><legend>Staff account ${i + 1}</legend>
${input(v, `staffId-${i}`, 'Account id (e.g. amina.b)', 'required')}
${input(v, `staffName-${i}`, 'Name shown at the counter', 'required')}
${select({ [`staffRole-${i}`]: role }, `staffRole-${i}`, 'Role', ['technician', 'supervisor', 'staff'])}
${pinInput(`pin-${i}`, 'PIN (4-12 digits)')}
${pinInput(`pin2-${i}`, 'The same PIN again')}
${n > 1 ? `<button type="submit" formaction="/rows" formnovalidate name="op" value="remove-${i + 1}">Remove staff account ${i + 1}</button>` : ''}
</fieldset>`;
  });
  return `<input type="hidden" name="accounts" value="${n}">${rows.join('\n')}`;
}

/** What the test payment did: each step as the wizard says it, then the outcome. */
export interface TestPaymentReport {
  lines: string[];
  ok: boolean;
  outcome: string;
}

export interface SetupPageOptions {
  /** Offer the test payment button (the server has the driver). */
  testPayment?: boolean;
  /** The package's config: the data folder defaults to the package's. */
  packageData?: boolean;
  test?: TestPaymentReport;
}

/** Where the journal of the test payment (and of the daemon) is: the package's folder, else "data" where the daemon runs. */
const dataDirInput = (v: FormValues, packageData: boolean) =>
  input({ dataDir: packageData ? '/var/lib/consulate-kiosk' : '', ...v }, 'dataDir', 'Data folder (the journal)', packageData ? '' : 'placeholder="data"');

function testPaymentReport(t: TestPaymentReport): string {
  return `<section aria-labelledby="test-payment-title"><h2 id="test-payment-title">Test payment</h2>
<ul>${t.lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
<p ${t.ok ? 'role="status"' : 'role="alert"'}>${t.ok ? '✓' : '✗'} ${esc(t.outcome)}</p></section>`;
}

/** The setup form; `ports` are the serial ports found, offered for the terminal and the scanner. */
export function setupPage(v: FormValues, ports: string[], errors: FieldError[] = [], o: SetupPageOptions = {}): string {
  const portList = `<datalist id="ports">${ports.map((p) => `<option value="${esc(p)}">`).join('')}</datalist>`;
  return page(
    'Kiosk first-run setup',
    `${
      errors.length
        ? `<div role="alert"><p>The configuration was not saved:</p><ul>${errors.map((e) => `<li>${esc(e.field)}: ${esc(e.problem)}</li>`).join('')}</ul></div>`
        : ''
    }
<form method="post" action="/save">${portList}
<!-- Enter in a field presses the form's first button: this one saves (not "Add a staff account" nor the test payment). -->
<button type="submit" aria-hidden="true" tabindex="-1" style="position:absolute;left:-9999px">Save</button>
<fieldset><legend>Consulate</legend>
${input(v, 'code', 'Consulate code (country-CITY, e.g. FR-PAR)', 'required')}
${input(v, 'kioskId', 'Kiosk id (e.g. PAR-K1)')}
${input(v, 'nameAr', 'Name of the consulate in Arabic', 'dir="rtl" lang="ar" required')}
${input(v, 'nameFr', 'Name of the consulate in French', 'required')}
${input(v, 'timeZone', 'Time zone (e.g. Europe/Paris)', 'required')}
${input(v, 'currency', 'Local currency (e.g. EUR)', 'required')}
${input(v, 'chanceryRate', 'Chancery rate (local currency per dirham)', 'inputmode="decimal" required')}
</fieldset>
<fieldset><legend>Devices</legend>
${select(v, 'terminalProtocol', 'Card terminal protocol', ['concert', 'zvt'])}
${input(v, 'terminalPort', 'Card terminal port', 'list="ports" required')}
${
  o.testPayment
    ? `${dataDirInput(v, o.packageData === true)}
<p>The test payment charges one minor unit of the currency above (0.01 EUR) on a card, journaled as a test; ZVT reverses it at once,
Concert E+ has no reversal: it is then cancelled on the terminal. The kiosk daemon must be stopped (it holds the port).</p>
<button type="submit" formaction="/test-payment" formnovalidate>Make a test payment</button>
${o.test ? testPaymentReport(o.test) : ''}`
    : ''
}
${input(v, 'printer', 'Ticket printer (tcp://HOST:9100, file:/dev/usb/lp0, serial:/dev/ttyS0)', 'required')}
${select(v, 'scannerType', 'Scanner type', ['serial', 'hid', 'wedge'])}
${input(v, 'scannerPort', 'Scanner port (serial)', 'list="ports"')}
</fieldset>
<fieldset><legend>Staff accounts</legend>
${accountRows(v)}
<button type="submit" formaction="/rows" formnovalidate name="op" value="add">Add a staff account</button>
<p>A round trip (adding or removing an account, a refused form) asks for the PINs again: they are never sent back.</p>
</fieldset>
<fieldset><legend>Post and network</legend>
${select(v, 'role', 'Role of this PC (standalone: one kiosk; hub: the post server; kiosk: one of several)', ['standalone', 'hub', 'kiosk'])}
${lanSelect(v)}
<p>A kiosk of a post listens on its own PC only (no LAN): after setup, enrol it with the hub (<code>kiosk join</code>). A hub: after setup,
<code>kiosk hub init --host NAME</code>, then <code>kiosk central enrol</code> if the ministry service is used.</p>
</fieldset>
<p>The terminal's status, the printer and scanner tests: <code>sudo kiosk setup --section NAME</code> once saved.</p>
<button type="submit">Save the configuration</button></form>`,
  );
}

export function savedPage(file: string, notes: string[] = []): string {
  return page(
    'Configuration saved',
    `<p role="status">The configuration was written to ${esc(file)}. The kiosk starts now.</p>${notes.map((n) => `\n<p>${esc(n)}</p>`).join('')}
<p>Check the devices from a terminal: <code>sudo kiosk setup --section terminal</code> (and printer, scanner).</p>`,
    // The daemon takes this port once started: the window reloads into the kiosk by itself.
    '<meta http-equiv="refresh" content="15;url=/">',
  );
}
