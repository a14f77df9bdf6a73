// Reads the report PDFs back with poppler (Debian's poppler-utils: pdfinfo, pdftotext, pdffonts, pdftoppm), a
// reader that is not the writer: a file poppler complains about fails the test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants as zlib, inflateSync } from 'node:zlib';

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  /** Has a ToUnicode map (text can be extracted). */
  unicode: boolean;
}

export interface ReadPdf {
  version: string;
  pages: number;
  /** Each page's text in content order (pdftotext -raw), bidi control characters taken out. */
  pageTexts: string[];
  text: string;
  fonts: PdfFont[];
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd}: ${r.error.message} (install poppler-utils)`);
  if (r.status !== 0 || r.stderr.trim()) throw new Error(`${cmd} ${args.join(' ')} -> ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The file in a scratch folder for poppler's tools, removed afterwards. */
export function withPdfFile<T>(buf: Buffer, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'read-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, buf);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function readPdf(buf: Buffer): ReadPdf {
  return withPdfFile(buf, (file) => {
    const info = run('pdfinfo', [file]);
    const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(info)?.[1] ?? '';
    const raw = run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']);
    const pageTexts = raw
      .replace(/[\u202a-\u202e]/g, '')
      .split('\f')
      .slice(0, -1);
    const fonts = run('pdffonts', [file])
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => {
        const m = /^(\S+)\s+(.+?)\s+\S+\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/.exec(l);
        if (!m) throw new Error(`pdffonts line not understood: ${l}`);
        return { name: m[1]!, type: m[2]!, embedded: m[3] === 'yes', unicode: m[5] === 'yes' };
      });
    return { version: field('PDF version'), pages: Number(field('Pages')), pageTexts, text: pageTexts.join('\n'), fonts };
  });
}

/** Page 1 rendered in grey levels (pdftoppm), 0 black to 255 white, at `dpi`. */
export function renderPage(buf: Buffer, dpi = 72): { width: number; height: number; pixels: Uint8Array } {
  return withPdfFile(buf, (file) => {
    run('pdftoppm', ['-gray', '-r', String(dpi), '-f', '1', '-l', '1', file, file]);
    const pgm = readFileSync(`${file}-1.pgm`);
    // P5 header: magic, width, height, max value, each followed by one whitespace byte.
    const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
    return { width: Number(m[1]), height: Number(m[2]), pixels: pgm.subarray(m[0].length) };
  });
}

/** The file with each of its streams inflated where it is compressed (the rest as it is), to search its content. */
function inflated(buf: Buffer): string {
  const s = buf.toString('latin1');
  let out = '';
  let at = 0;
  for (const m of s.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    if (end < 0 || start < at) continue;
    let body = s.slice(start, end);
    try {
      body = inflateSync(buf.subarray(start, end), { finishFlush: zlib.Z_SYNC_FLUSH }).toString('latin1');
    } catch {
      // not compressed
    }
    out += s.slice(at, start) + body;
    at = end;
  }
  return out + s.slice(at);
}

/** The ActualText of every marked-content span, in content order (pdfkit writes it as UTF-16BE with a BOM). */
export function actualTexts(buf: Buffer): string[] {
  const s = inflated(buf);
  return [...s.matchAll(/\/ActualText \(((?:\\.|[^\\)])*)\)/gs)].map((m) => {
    const bytes = Buffer.from(
      m[1]!.replace(/\\([0-7]{1,3}|.)/gs, (_, x: string) => {
        if (/^[0-7]+$/.test(x)) return String.fromCharCode(parseInt(x, 8));
        return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[x] ?? x;
      }),
      'latin1',
    );
    if (bytes[0] !== 0xfe || bytes[1] !== 0xff) return bytes.toString('latin1');
    const le = Buffer.from(bytes.subarray(2));
    le.swap16();
    return le.toString('utf16le');
  });
}

/** The glyph ids shown by TJ in an uncompressed PDF's content (Identity-H: four hex digits a glyph). */
export function shownGlyphs(buf: Buffer): number[] {
  const s = buf.toString('latin1');
  const ids: number[] = [];
  for (const tj of s.matchAll(/\[([^\]]*)\] TJ/g))
    for (const hex of tj[1]!.matchAll(/<([0-9a-f]+)>/gi)) ids.push(...hex[1]!.match(/.{4}/g)!.map((h) => parseInt(h, 16)));
  return ids;
}
