// The first-run page of the kiosk screen: a small HTTP server on 127.0.0.1 that shows a code form, then (once
// the one-time code is right) a setup form, and writes the same validated config as `kiosk setup`. It is not
// the daemon: the daemon runs as the unprivileged `kiosk` user and must never be able to rewrite its own
// config (PIN hashes, trusted keys), so root runs this page (`kiosk setup --serve`) until the config exists.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { dirname } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FieldError } from '../config/load';
import { draftProblems, writeDraft, type Draft } from './config-file';
import { checkCode, spendCode } from './one-time-code';
import { accountsFromForm, changeRows, noTechnicianNote, withoutPins } from './first-run-accounts';
import { codePage, savedPage, setupPage, type FormValues, type TestPaymentReport } from './first-run-page';
import type { SetupChecks } from './sections';

export interface FirstRunOptions {
  configFile: string;
  codeFile: string;
  port: number;
  /** Serial ports found on this PC, offered in the form. */
  ports: () => Promise<string[]>;
  /** The test payment through the real driver and the journal (server/commands/setup-test-payment.ts); absent: no button. */
  testPayment?: SetupChecks['testPayment'];
}

export interface FirstRunServer {
  url: string;
  /** Resolves once the config is written. */
  saved: Promise<void>;
  close(): Promise<void>;
}

const PACKAGE_CONFIG_DIR = '/etc/consulate-kiosk';
const PACKAGE_DATA_DIR = '/var/lib/consulate-kiosk';

/** The form's fields a test payment needs: the terminal, the currency and the time zone (its short references' day). */
const PAYMENT_FIELDS = /^(devices\.terminal|consulate\.(currency|timeZone)|dataDir)/;

async function body(req: IncomingMessage): Promise<FormValues | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 16_384) return null;
    chunks.push(c as Buffer);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

/** The LAN choice: "role" (the default) is the wizard's default for the role; a kiosk of a post is refused by the schema if asked. */
export function lanFromForm(choice: string | undefined, role: string): boolean {
  if (choice === 'on') return true;
  if (choice === 'off') return false;
  return role === 'hub';
}

/** The schema names an account by its index from 0; the page numbers its rows from 1 ("staff account 2, PIN"). */
function pageField(e: FieldError): FieldError {
  const m = /^auth\.accounts\.(\d+)(?:\.(.+))?$/.exec(e.field);
  return m ? { ...e, field: `staff account ${Number(m[1]) + 1}${m[2] ? `, ${m[2]}` : ''} (${e.field})` } : e;
}

/** The config the form describes (demo off, never simulated devices), and the form's own problems. */
export async function draftFromForm(v: FormValues, configFile: string): Promise<{ draft: Draft; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const t = (k: string) => (v[k] ?? '').trim();
  for (const [k, field] of [
    ['terminalPort', 'devices.terminal.port'],
    ['printer', 'devices.printer.transport'],
    ['scannerPort', 'devices.scanner.port'],
  ] as const)
    if (t(k) === 'sim') errors.push({ field, problem: '"sim" is the simulator: not on a kiosk (kiosk setup --demo in a terminal)' });
  const staff = await accountsFromForm(v);
  errors.push(...staff.errors);
  const rate = Number(t('chanceryRate').replace(',', '.'));
  const scannerType = t('scannerType') || 'serial';
  const draft: Draft = {
    demo: false,
    ...(t('kioskId') ? { kioskId: t('kioskId') } : {}),
    consulate: {
      code: t('code').toUpperCase(),
      name: { ar: t('nameAr'), fr: t('nameFr') },
      timeZone: t('timeZone'),
      currency: t('currency').toUpperCase(),
      chanceryRate: t('chanceryRate') === '' || Number.isNaN(rate) ? t('chanceryRate') : rate,
    },
    devices: {
      terminal: { protocol: t('terminalProtocol'), port: t('terminalPort') },
      printer: { transport: t('printer') },
      scanner: { type: scannerType, port: scannerType === 'serial' ? t('scannerPort') : scannerType },
    },
    auth: { accounts: staff.accounts },
    // The wizard's links section: the PC's role in the post and the LAN; the schema refuses a kiosk on the LAN.
    role: t('role') || 'standalone',
    server: { lan: lanFromForm(v.lan, t('role') || 'standalone') },
    ...(t('dataDir') ? { dataDir: t('dataDir') } : dirname(configFile) === PACKAGE_CONFIG_DIR ? { dataDir: PACKAGE_DATA_DIR } : {}),
  };
  return { draft, errors: [...errors, ...draftProblems(draft).map(pageField)] };
}

/** What the technician does next, as the wizard says it: a missing technician, the post's enrolment. */
function savedNotes(draft: Draft): string[] {
  const accounts = (draft.auth as { accounts: Array<{ role: unknown }> }).accounts;
  const notes = [noTechnicianNote(accounts)];
  if (draft.role === 'kiosk') notes.push('After setup, enrol it with the hub: kiosk join (README, "A post with several kiosks").');
  if (draft.role === 'hub') notes.push('After setup: kiosk hub init --host NAME, then kiosk central enrol if the ministry service is used.');
  return notes.filter((n): n is string => n !== null);
}

export async function startFirstRun(o: FirstRunOptions): Promise<FirstRunServer> {
  // One session at a time, held in memory: the code unlocks this browser until the config is written.
  let session: Buffer | null = null;
  let markSaved: () => void = () => {};
  const saved = new Promise<void>((res) => (markSaved = res));
  let done = false;
  let paying = false;

  const unlocked = (req: IncomingMessage) => {
    const m = /(?:^|;\s*)setup=([0-9a-f]{64})/.exec(req.headers.cookie ?? '');
    if (!m || !session) return false;
    const got = Buffer.from(m[1]!, 'hex');
    return got.length === session.length && timingSafeEqual(got, session);
  };

  const send = (res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      ...headers,
    });
    res.end(html);
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) => {
      if (!res.headersSent) send(res, 500, codePage(`setup failed: ${err.message}`));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const port = (server.address() as AddressInfo).port;
    // DNS rebinding: only this PC's own names; a form posted from another page is refused.
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!hosts.includes(req.headers.host ?? '')) return send(res, 421, codePage('wrong Host'));
    const origin = req.headers.origin;
    if (req.method === 'POST' && origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) return send(res, 403, codePage('wrong Origin'));
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // The kiosk window (deploy/launch-kiosk.sh) opens the screen once this answers: here, on the setup page.
    if (req.method === 'GET' && path === '/api/health') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void res.end(JSON.stringify({ ok: true, setup: true }));
    }
    if (done) return send(res, 200, savedPage(o.configFile));
    const form = async (v: FormValues, errors: FieldError[] = [], test?: TestPaymentReport) =>
      setupPage(v, await o.ports(), errors, {
        testPayment: o.testPayment !== undefined,
        packageData: dirname(o.configFile) === PACKAGE_CONFIG_DIR,
        ...(test ? { test } : {}),
      });
    if (req.method === 'GET' && path === '/') return send(res, 200, unlocked(req) ? await form({}) : codePage());
    if (req.method === 'POST' && path === '/unlock') {
      const v = await body(req);
      const r = await checkCode(o.codeFile, v?.code ?? '');
      if (!r.ok) return send(res, r.reason === 'locked' ? 429 : 403, codePage(r.detail));
      session = randomBytes(32);
      res.writeHead(303, { location: '/', 'set-cookie': `setup=${session.toString('hex')}; HttpOnly; SameSite=Strict; Path=/` });
      return void res.end();
    }
    if (req.method === 'POST' && path === '/save') {
      if (!unlocked(req)) return send(res, 403, codePage('type the setup code first'));
      const v = await body(req);
      if (!v) return send(res, 413, codePage('form too large'));
      const { draft, errors } = await draftFromForm(v, o.configFile);
      const keep = withoutPins(v);
      if (errors.length) return send(res, 422, await form(keep, errors));
      const w = writeDraft(o.configFile, draft);
      if (!w.ok) return send(res, 500, await form(keep, w.errors ?? [{ field: '(file)', problem: w.reason }]));
      done = true;
      spendCode(o.codeFile);
      // Saved once the browser has the page, so the server can go without cutting it off.
      res.once('finish', markSaved);
      return send(res, 200, savedPage(o.configFile, savedNotes(draft)));
    }
    if (req.method === 'POST' && path === '/rows') {
      if (!unlocked(req)) return send(res, 403, codePage('type the setup code first'));
      const v = await body(req);
      if (!v) return send(res, 413, codePage('form too large'));
      return send(res, 200, await form(changeRows(v, v.op ?? '')));
    }
    if (req.method === 'POST' && path === '/test-payment' && o.testPayment) {
      if (!unlocked(req)) return send(res, 403, codePage('type the setup code first'));
      const v = await body(req);
      if (!v) return send(res, 413, codePage('form too large'));
      const keep = withoutPins(v);
      // One payment at a time: a second press while the terminal works is refused, never queued.
      if (paying) return send(res, 409, await form(keep, [{ field: 'test payment', problem: 'a test payment is in progress on the terminal: wait for it' }]));
      const { draft, errors } = await draftFromForm(v, o.configFile);
      const needed = errors.filter((e) => PAYMENT_FIELDS.test(e.field));
      if (needed.length) return send(res, 422, await form(keep, needed));
      const term = draft.devices as { terminal: { protocol: 'concert' | 'zvt'; port: string } };
      const consulate = draft.consulate as { currency: string; timeZone: string };
      const lines: string[] = [];
      paying = true;
      try {
        const r = await o.testPayment(
          {
            ...term.terminal,
            currency: consulate.currency,
            timeZone: consulate.timeZone,
            dataDir: typeof draft.dataDir === 'string' ? draft.dataDir : 'data',
            kioskId: typeof draft.kioskId === 'string' ? draft.kioskId : 'K1',
          },
          // The button says the payment is reversed: no second question on a page without script.
          { say: (t) => void lines.push(t.trim()), confirmReversal: () => Promise.resolve(true) },
        );
        return send(res, 200, await form(keep, [], { lines, ok: r.ok, outcome: r.ok ? r.detail : r.reason }));
      } finally {
        paying = false;
      }
    }
    send(res, 404, codePage('no such page'));
  }

  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(o.port, '127.0.0.1', () => res());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    saved,
    close: () =>
      new Promise<void>((res) => {
        server.close(() => res());
        server.closeIdleConnections();
      }),
  };
}
