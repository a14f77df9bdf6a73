// The serial scanner simulator: writes a code to a serial port the way a USB-CDC scanner does (the code's
// bytes, then the suffix), optionally in chunks with pauses, to exercise the framing of the real driver.
import { loadSerialPort } from '../serial/serialport';
import { suffixBytes, type Suffix } from './serial-framer';

export interface SendOptions {
  baudRate?: number;
  suffix?: Suffix;
  /** Sizes of the successive writes; the rest goes in one last write. Default: everything at once. */
  chunks?: number[];
  /** Pause between chunks, milliseconds. */
  chunkDelayMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function splitIntoChunks(bytes: Uint8Array, sizes: readonly number[] = []): Uint8Array[] {
  const out: Uint8Array[] = [];
  let i = 0;
  for (const n of sizes) {
    if (i >= bytes.length) break;
    out.push(bytes.subarray(i, i + Math.max(1, n)));
    i += Math.max(1, n);
  }
  if (i < bytes.length) out.push(bytes.subarray(i));
  return out;
}

export async function sendAsSerialScanner(path: string, text: string, o: SendOptions = {}): Promise<{ bytes: number; writes: number }> {
  const SerialPort = await loadSerialPort();
  const port = new SerialPort({ path, baudRate: o.baudRate ?? 9600, autoOpen: false });
  await new Promise<void>((res, rej) => port.open((err) => (err ? rej(new Error(`cannot open ${path}: ${err.message}`)) : res())));
  try {
    const bytes = new TextEncoder().encode(text + suffixBytes(o.suffix ?? 'cr'));
    const parts = splitIntoChunks(bytes, o.chunks);
    for (const [i, part] of parts.entries()) {
      await new Promise<void>((res, rej) => port.write(Buffer.from(part), (err) => (err ? rej(err) : res())));
      await new Promise<void>((res, rej) => port.drain((err) => (err ? rej(err) : res())));
      if (i < parts.length - 1 && o.chunkDelayMs) await sleep(o.chunkDelayMs);
    }
    return { bytes: bytes.length, writes: parts.length };
  } finally {
    await new Promise<void>((res) => port.close(() => res()));
  }
}
