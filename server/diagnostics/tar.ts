// A minimal POSIX ustar writer for the support bundle: regular files only, gzip by node:zlib. Enough for
// `tar xzf` everywhere; no dependency to install on a kiosk PC.
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  /** Relative path with forward slashes, at most 100 bytes, or 255 split at a slash. */
  name: string;
  data: Uint8Array | string;
  mtime?: Date;
  mode?: number;
}

const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function splitName(name: string): { name: string; prefix: string } {
  const bytes = Buffer.byteLength(name);
  if (bytes <= 100) return { name, prefix: '' };
  for (let i = name.length - 1; i > 0; i--) {
    if (name[i] !== '/') continue;
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { name: rest, prefix };
  }
  throw new Error(`tar: path too long for ustar: ${name}`);
}

export function tarHeader(e: { name: string; size: number; mtime: Date; mode: number }): Buffer {
  if (e.name.startsWith('/') || e.name.split('/').includes('..')) throw new Error(`tar: unsafe path ${e.name}`);
  const h = Buffer.alloc(BLOCK, 0);
  const { name, prefix } = splitName(e.name);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(e.mode, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii');
  h.write(octal(0, 8), 116, 8, 'ascii');
  h.write(octal(e.size, 12), 124, 12, 'ascii');
  h.write(octal(Math.floor(e.mtime.getTime() / 1000), 12), 136, 12, 'ascii');
  h.write('        ', 148, 8, 'ascii');
  h.write('0', 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write('kiosk', 265, 32, 'ascii');
  h.write('kiosk', 297, 32, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

/** The uncompressed archive: a header and padded data per file, then two empty blocks. */
export function tar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength);
    parts.push(tarHeader({ name: e.name, size: data.length, mtime: e.mtime ?? new Date(), mode: e.mode ?? 0o644 }), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}

export function tarGz(entries: readonly TarEntry[]): Buffer {
  return gzipSync(tar(entries), { level: 9 });
}
