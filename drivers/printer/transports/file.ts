// A USB printer-class device file (/dev/usb/lp0) or any file. Written one way: many USB clones cannot
// send anything back and reading a usblp device blocks a thread, so status is reported as unknown.
import { open, type FileHandle } from 'node:fs/promises';
import { Listeners } from '../../listeners';
import type { Outcome, PrinterTransport } from './types';

export class FileTransport implements PrinterTransport {
  readonly canReadStatus = false;
  readonly address: string;
  private handle: FileHandle | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly data = new Listeners<Uint8Array>();
  private readonly lost = new Listeners<string>();

  constructor(private readonly path: string) {
    this.address = `file:${path}`;
  }

  onData(fn: (c: Uint8Array) => void): () => void {
    return this.data.add(fn);
  }
  onLost(fn: (r: string) => void): () => void {
    return this.lost.add(fn);
  }

  write(bytes: Uint8Array): Promise<Outcome> {
    const run = async (): Promise<Outcome> => {
      try {
        // 'a' creates a plain file (tests, capture) and appends; a device node ignores the offset.
        this.handle ??= await open(this.path, 'a');
        let done = 0;
        while (done < bytes.length) done += (await this.handle.write(bytes, done)).bytesWritten;
        return { ok: true };
      } catch (err) {
        const h = this.handle;
        this.handle = null;
        await h?.close().catch(() => undefined);
        const code = (err as NodeJS.ErrnoException).code;
        const hint =
          code === 'EACCES'
            ? 'add the kiosk user to the lp group'
            : code === 'ENOENT' || code === 'ENODEV'
              ? 'check the USB cable and that the printer is on'
              : 'check the device';
        this.lost.emit(`${this.path}: ${(err as Error).message}`);
        return { ok: false, reason: `cannot write to ${this.path}: ${(err as Error).message}; ${hint}` };
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p;
    return p;
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await h?.close();
  }
}
