// TCP port 9100: two-way on one socket, and many printers accept one connection at a time, so this keeps
// one persistent connection, writes strictly one after another, and reconnects on the next write.
import { Socket } from 'node:net';
import { Listeners } from '../../listeners';
import type { Outcome, PrinterTransport } from './types';

export interface TcpOptions {
  host: string;
  port: number;
  connectTimeoutMs?: number;
}

export class TcpTransport implements PrinterTransport {
  readonly canReadStatus = true;
  readonly address: string;
  private socket: Socket | null = null;
  private connecting: Promise<Outcome> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly data = new Listeners<Uint8Array>();
  private readonly lost = new Listeners<string>();

  constructor(private readonly opts: TcpOptions) {
    this.address = `tcp://${opts.host}:${opts.port}`;
  }

  onData(fn: (c: Uint8Array) => void): () => void {
    return this.data.add(fn);
  }
  onLost(fn: (r: string) => void): () => void {
    return this.lost.add(fn);
  }

  private connect(): Promise<Outcome> {
    if (this.socket) return Promise.resolve({ ok: true });
    if (this.connecting) return this.connecting;
    this.connecting = new Promise<Outcome>((resolve) => {
      const s = new Socket();
      const timeout = this.opts.connectTimeoutMs ?? 3000;
      const fail = (why: string) => {
        s.destroy();
        resolve({ ok: false, reason: `cannot connect to printer at ${this.address}: ${why}; check it is switched on, cabled and at this address` });
      };
      s.setTimeout(timeout, () => fail(`no answer within ${timeout} ms`));
      s.once('error', (e) => fail(e.message));
      s.connect(this.opts.port, this.opts.host, () => {
        s.setTimeout(0);
        s.removeAllListeners('error');
        s.setNoDelay(true);
        s.setKeepAlive(true, 5000);
        s.on('data', (c: Buffer) => this.data.emit(new Uint8Array(c)));
        s.on('error', () => {
          /* 'close' follows and reports it */
        });
        s.on('close', () => {
          if (this.socket !== s) return;
          this.socket = null;
          this.lost.emit(`connection to ${this.address} closed`);
        });
        this.socket = s;
        resolve({ ok: true });
      });
    }).finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  write(bytes: Uint8Array): Promise<Outcome> {
    const run = async (): Promise<Outcome> => {
      const c = await this.connect();
      if (!c.ok) return c;
      const s = this.socket;
      if (!s) return { ok: false, reason: `connection to ${this.address} closed` };
      return new Promise<Outcome>((resolve) => {
        s.write(bytes, (err) => resolve(err ? { ok: false, reason: `write to ${this.address} failed: ${err.message}` } : { ok: true }));
      });
    };
    const p = this.queue.then(run, run);
    this.queue = p;
    return p;
  }

  async close(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    if (s)
      await new Promise<void>((r) => {
        s.once('close', () => r());
        s.end();
        setTimeout(() => {
          s.destroy();
          r();
        }, 500).unref();
      });
  }
}
