// A printer on a serial line: answers status directly on the same line.
import type { SerialPort } from 'serialport';
import { loadSerialPort } from '../../serial/serialport';
import { Listeners } from '../../listeners';
import type { Outcome, PrinterTransport } from './types';

export class SerialTransport implements PrinterTransport {
  readonly canReadStatus = true;
  readonly address: string;
  private port: SerialPort | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly data = new Listeners<Uint8Array>();
  private readonly lost = new Listeners<string>();

  constructor(
    private readonly path: string,
    private readonly baudRate = 38400,
  ) {
    this.address = `serial:${path}?baud=${baudRate}`;
  }

  onData(fn: (c: Uint8Array) => void): () => void {
    return this.data.add(fn);
  }
  onLost(fn: (r: string) => void): () => void {
    return this.lost.add(fn);
  }

  private async open(): Promise<Outcome> {
    if (this.port?.isOpen) return { ok: true };
    const SerialPort = await loadSerialPort();
    return new Promise((resolve) => {
      const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
      port.open((err) => {
        if (err) {
          resolve({ ok: false, reason: `cannot open ${this.path}: ${err.message}; check the cable and that the kiosk user is in the dialout group` });
          return;
        }
        port.on('data', (c: Buffer) => this.data.emit(new Uint8Array(c)));
        port.on('error', () => {
          /* 'close' follows */
        });
        port.on('close', () => {
          if (this.port !== port) return;
          this.port = null;
          this.lost.emit(`${this.path} closed`);
        });
        this.port = port;
        resolve({ ok: true });
      });
    });
  }

  write(bytes: Uint8Array): Promise<Outcome> {
    const run = async (): Promise<Outcome> => {
      const o = await this.open();
      if (!o.ok) return o;
      const port = this.port;
      if (!port) return { ok: false, reason: `${this.path} closed` };
      return new Promise<Outcome>((resolve) => {
        port.write(Buffer.from(bytes), (err) => {
          if (err) {
            resolve({ ok: false, reason: `write to ${this.path} failed: ${err.message}` });
            return;
          }
          port.drain((e) => resolve(e ? { ok: false, reason: `write to ${this.path} failed: ${e.message}` } : { ok: true }));
        });
      });
    };
    const p = this.queue.then(run, run);
    this.queue = p;
    return p;
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
  }
}
