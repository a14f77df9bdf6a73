// HID-POS scanner through node-hid: opens the device by vendor/product id (or hidraw path), reassembles its
// input reports into codes, and reopens it when unplugged. node-hid is loaded on first use so a machine
// without the native module can still run the other scanners.
import { ScannerEmitter } from './emitter';
import { createHidPosReassembler, HONEYWELL_HID_POS, type HidPosLayout } from './hid-pos';
import type { ScannerStream } from './types';

export interface HidScannerOptions {
  vendorId: number;
  productId: number;
  /** hidraw path, when several identical scanners are attached. */
  path?: string;
  layout?: HidPosLayout;
  /** A code whose next report does not come within this time is dropped. Default 500 ms. */
  reportTimeoutMs?: number;
  reconnectMs?: number;
  dedupeWindowMs?: number;
}

/** The slice of node-hid's HIDAsync used here. */
export interface HidDeviceLike {
  on(ev: 'data', cb: (report: Buffer) => void): unknown;
  on(ev: 'error', cb: (err: Error) => void): unknown;
  removeAllListeners(): unknown;
  close(): Promise<void>;
}

export interface HidDeps {
  open?: (o: HidScannerOptions) => Promise<HidDeviceLike>;
  now?: () => number;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

async function openWithNodeHid(o: HidScannerOptions): Promise<HidDeviceLike> {
  const hid = await import('node-hid');
  const dev = o.path !== undefined ? await hid.HIDAsync.open(o.path) : await hid.HIDAsync.open(o.vendorId, o.productId);
  return dev as unknown as HidDeviceLike;
}

export function openHidScanner(o: HidScannerOptions, deps: HidDeps = {}): ScannerStream {
  const id = `HID ${hex4(o.vendorId)}:${hex4(o.productId)}${o.path ? ` at ${o.path}` : ''}`;
  const open = deps.open ?? openWithNodeHid;
  const reconnectMs = o.reconnectMs ?? 2000;
  const reportTimeoutMs = o.reportTimeoutMs ?? 500;
  const em = new ScannerEmitter({ status: 'unknown', detail: `opening ${id}` }, o.dedupeWindowMs, deps.now);
  const asm = createHidPosReassembler(o.layout ?? HONEYWELL_HID_POS);
  let dev: HidDeviceLike | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stale: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const lost = (why: string) => {
    dev?.removeAllListeners();
    dev = undefined;
    asm.reset();
    if (closed) return;
    em.setStatus({ status: 'offline', detail: `${why}; retrying every ${Math.round(reconnectMs / 1000)} s` });
    clearTimeout(retry);
    retry = setTimeout(connect, reconnectMs);
  };

  async function connect() {
    if (closed) return;
    let d: HidDeviceLike;
    try {
      d = await open(o);
    } catch (err) {
      lost(`cannot open ${id}: ${(err as Error).message} (check the ids, the udev rule for hidraw access, and that the scanner is in HID-POS mode)`);
      return;
    }
    if (closed) {
      await d.close().catch(() => {});
      return;
    }
    dev = d;
    em.setStatus({ status: 'ok', detail: `reading ${id}` });
    d.on('data', (report) => {
      clearTimeout(stale);
      const ev = asm.push(new Uint8Array(report));
      if (ev === null) {
        stale = setTimeout(() => {
          asm.reset();
          em.setStatus({ status: 'warning', detail: `${id}: a multi-report code stopped half way and was dropped` });
        }, reportTimeoutMs);
      } else if (ev.kind === 'code') {
        em.setStatus({ status: 'ok', detail: `reading ${id}` });
        em.emitCode(ev.text, 'hid', ev.symbology);
      } else if (ev.kind === 'error') {
        em.setStatus({ status: 'warning', detail: `${id}: ${ev.detail}` });
      }
    });
    d.on('error', (err) => lost(`${id}: ${err.message} (unplugged?)`));
  }

  void connect();
  return em.stream(async () => {
    closed = true;
    clearTimeout(retry);
    clearTimeout(stale);
    const d = dev;
    dev = undefined;
    d?.removeAllListeners();
    await d?.close().catch(() => {});
    em.setStatus({ status: 'offline', detail: 'closed' });
  });
}
