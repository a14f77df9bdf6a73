// The in-process virtual printer as a transport: the daemon's default, and the fastest test double.
import type { VirtualPrinter } from '../sim/virtual-printer';
import { Listeners } from '../../listeners';
import type { Outcome, PrinterTransport } from './types';

export class SimTransport implements PrinterTransport {
  readonly canReadStatus = true;
  readonly address = 'sim';
  private readonly data = new Listeners<Uint8Array>();
  private readonly lost = new Listeners<string>();
  private readonly off: () => void;

  constructor(readonly printer: VirtualPrinter) {
    const fn = (c: Uint8Array) => this.data.emit(c);
    printer.on('data', fn);
    this.off = () => printer.off('data', fn);
  }

  onData(fn: (c: Uint8Array) => void): () => void {
    return this.data.add(fn);
  }
  onLost(fn: (r: string) => void): () => void {
    return this.lost.add(fn);
  }

  write(bytes: Uint8Array): Promise<Outcome> {
    // Asynchronous like a wire: replies come after write() has resolved.
    return new Promise((resolve) =>
      setImmediate(() => {
        this.printer.receive(bytes);
        resolve({ ok: true });
      }),
    );
  }

  async close(): Promise<void> {
    this.off();
  }
}
