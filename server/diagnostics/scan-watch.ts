// The scanner test: every code the daemon's scanner reads is kept (the last few), shown raw — control
// characters made visible, in hex too — and decoded the way the kiosk would, WITHOUT checking the
// appointment in: verification only reads the journal, so a technician's test scan never uses a token.
import type { ScannedCode } from '../devices/index';
import type { ScanSeen } from '../../shared/diagnostics-api';
import { TOKEN_PREFIX, parseTypedCode, verifyToken } from '../../domain/appointment/index';
import { verifyContext } from '../appointment/check-in';
import type { AppointmentRuntime } from '../appointment/config';
import type { KioskConfig } from '../config/schema';
import type { Db } from '../../store/db';
import type { Devices } from '../devices/setup';

/** What decoding a scan reads: the used-token journal, the trusted keys, the consulate and its services. */
export interface DecodeDeps {
  db: Db;
  appointments: AppointmentRuntime;
  config: Pick<KioskConfig, 'consulate' | 'services'>;
}
/** The scanner whose codes are watched, and what decoding them reads. */
export interface ScanWatchDeps extends DecodeDeps {
  hardware: Pick<Devices, 'scanner'>;
}

const NAMES: Record<number, string> = { 0x0d: 'CR', 0x0a: 'LF', 0x09: 'TAB', 0x1b: 'ESC', 0x00: 'NUL', 0x04: 'EOT', 0x02: 'STX', 0x03: 'ETX' };

export function escapeControls(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) out += `<${NAMES[c] ?? '0x' + c.toString(16).padStart(2, '0').toUpperCase()}>`;
    else out += ch;
  }
  return out;
}

export function hexOf(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

export async function decodeScan(ctx: DecodeDeps, text: string): Promise<ScanSeen['decoded']> {
  const trimmed = text.trim();
  if (trimmed.startsWith(TOKEN_PREFIX)) {
    const v = await verifyToken(
      trimmed,
      verifyContext(ctx.db, ctx.appointments, {
        consulate: ctx.config.consulate.code,
        services: new Set(ctx.config.services.map((s) => s.code)),
        at: new Date(),
      }),
    );
    if (v.ok)
      return {
        kind: 'appointment',
        ok: true,
        summary:
          `valid appointment ${v.appointment.appointmentId}, ${v.appointment.services.join('+')}, ` +
          `${v.appointment.persons} person(s), slot ${v.appointment.slotStart}`,
        detail: v.appointment,
      };
    return { kind: 'appointment', ok: false, summary: `appointment code refused: ${v.reason}${'detail' in v ? ` (${v.detail})` : ''}`, detail: v };
  }
  const typed = parseTypedCode(trimmed);
  if (typed.ok) return { kind: 'typed-code', ok: true, summary: `a typed fallback code ${typed.code} (checked against today's appointments at the kiosk)` };
  if (trimmed.replace(/[\s-]/g, '').length === 9 && /^[0-9A-Za-z\s-]+$/.test(trimmed))
    return { kind: 'typed-code', ok: false, summary: `looks like a typed fallback code, but ${typed.detail}` };
  return {
    kind: 'not-ours',
    ok: false,
    summary: `not an appointment code (${[...text].length} characters): a product barcode, a dirty window or the wrong scanner settings (suffix, layout)`,
  };
}

export class ScanWatch {
  readonly seen: ScanSeen[] = [];
  private waiters = new Set<(s: ScanSeen) => void>();
  private readonly unsub: () => void;

  constructor(private readonly ctx: ScanWatchDeps) {
    this.unsub = ctx.hardware.scanner.onCode((c) => void this.take(c));
  }

  private async take(c: ScannedCode): Promise<void> {
    const seen: ScanSeen = {
      at: new Date(c.at).toISOString(),
      source: c.source + (c.symbology ? ` ${c.symbology}` : ''),
      raw: c.text,
      escaped: escapeControls(c.text),
      hex: hexOf(c.text),
      decoded: await decodeScan(this.ctx, c.text),
    };
    this.seen.push(seen);
    while (this.seen.length > 10) this.seen.shift();
    for (const w of this.waiters) w(seen);
  }

  /** The next code read after this call, or null after `ms`. */
  next(ms: number, signal?: AbortSignal): Promise<ScanSeen | null> {
    return new Promise((resolve) => {
      const done = (s: ScanSeen | null) => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve(s);
      };
      const timer = setTimeout(() => done(null), ms);
      signal?.addEventListener('abort', () => done(null));
      this.waiters.add(done);
    });
  }

  close(): void {
    this.unsub();
    for (const w of [...this.waiters]) this.waiters.delete(w);
  }
}
