// The device checks of `kiosk setup`, through the real drivers: the ports found on this PC, the terminal's
// status, a test page on the printer, one scan. They live with the CLI because the CLI may open drivers itself
// (eslint.config.js); the wizard (server/setup/) gets them as a SetupChecks object.
import { discoverPrinterFiles, discoverSerialPorts, loadSerialPort, type FoundPort } from '../devices/index';
import { mergeUdev } from '../diagnostics/discover';
import { openTerminal } from '../../drivers/terminal/index';
import { openScanner } from '../../drivers/scanner/index';
import { printTest } from './print';
import { setupTestPayment } from './setup-test-payment';
import type { SetupChecks } from '../setup/sections';

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`${what}: no answer within ${ms / 1000} s`)), ms).unref())]);

/**
 * Serial ports: /dev/serial/by-id, ttyS/USB/ACM from /dev and /sys, plus `extra` paths that exist (the port of the
 * config being edited). SerialPort.list() adds udev's ids when udevadm is there; without it, it rejects, and
 * the scan stands alone.
 */
export async function listPorts(extra: string[]): Promise<FoundPort[]> {
  const scanned = [...discoverSerialPorts({ extraPaths: extra.filter((p) => p.startsWith('/')) }), ...discoverPrinterFiles()];
  try {
    return mergeUdev(scanned, await withTimeout((await loadSerialPort()).list(), 3000, 'SerialPort.list'));
  } catch {
    return scanned;
  }
}

export const setupChecks: SetupChecks = {
  listPorts,

  /** The terminal's status through the real driver: no payment (testPayment below is the payment). */
  async terminal(t) {
    const term = openTerminal({ protocol: t.protocol, port: t.port });
    try {
      const s = await withTimeout(term.status(), 15_000, 'terminal status');
      return s.state === 'ready' ? { ok: true, detail: s.detail } : { ok: false, reason: `${s.state}: ${s.detail}` };
    } catch (err) {
      return { ok: false, reason: (err as Error).message };
    } finally {
      await term.close().catch(() => {});
    }
  },

  testPayment: setupTestPayment,

  async printer(p) {
    const r = await printTest({ printer: p.transport, paper: String(p.paperWidth), timeout: '10' });
    if (r.exitCode === 0) return { ok: true, detail: 'test page printed' };
    return { ok: false, reason: r.stderr ?? r.stdout };
  },

  async scanner(s, waitMs, ready) {
    const opened = openScanner(s);
    if (!opened.ok) return { ok: false, reason: opened.reason };
    if (opened.kind === 'wedge') return { ok: true, detail: 'a keyboard-wedge scanner is read by the kiosk page: scan on the kiosk screen to test it' };
    const scanner = opened.scanner;
    // "Scan now" only once the port is open: a code sent before would be lost with the line's buffer.
    let said = false;
    const say = () => {
      if (!said && scanner.status.status === 'ok') {
        said = true;
        ready(scanner.status.detail);
      }
    };
    const unsubscribe = scanner.onStatus(say);
    say();
    try {
      const code = await withTimeout(new Promise<string>((res) => scanner.onCode((c) => res(c.text))), waitMs, 'scanner');
      return { ok: true, detail: `read "${code.length > 40 ? code.slice(0, 37) + '...' : code}"` };
    } catch (err) {
      return { ok: false, reason: `${(err as Error).message}; ${scanner.status.detail}` };
    } finally {
      unsubscribe();
      await scanner.close();
    }
  },
};
