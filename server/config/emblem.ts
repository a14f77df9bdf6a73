// The consulate's emblem for the kiosk's header (issue 19 item 13), read once from the file the config names (checked
// when the config was loaded) and sent inlined as a data: URL, which the pages' CSP allows: no route serves files.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';

const TYPES: Record<string, string> = { '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp' };

export type EmblemResult = { ok: true; dataUrl: string } | { ok: false; reason: 'unreadable' | 'unknown-type'; detail: string };

export function readEmblem(path: string): EmblemResult {
  const type = TYPES[extname(path).toLowerCase()];
  if (!type) return { ok: false, reason: 'unknown-type', detail: `${path}: not an SVG, PNG, JPEG or WebP file` };
  try {
    return { ok: true, dataUrl: `data:${type};base64,${readFileSync(path).toString('base64')}` };
  } catch (err) {
    return { ok: false, reason: 'unreadable', detail: `${path}: ${(err as Error).message}` };
  }
}
