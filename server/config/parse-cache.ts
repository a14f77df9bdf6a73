// A config that passed validation is not validated again at every start (issue 14, cold start ≤ 0.3 s): building
// the config's zod schemas and parsing with them was 20–25 ms of each daemon start, and a YAML config also loaded
// the YAML parser. The parsed config is kept beside the code cache (bin/kiosk.js gives the folders; the compiled
// build only) with everything it was made from: the config file's path and exact text, the services file's text
// when the config names no services, the build (its chunks' hashes) and Node's version. It is reused only when all
// of them are the same, so an edited config, a new build or a new Node is validated again, errors and all.
// Only a parse whose JSON form is exactly the parsed value is kept, and a damaged file is ignored (its CRC-32).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { crc32 } from 'node:zlib';

/** Where parsed configs are kept (taken from the first folder whose file matches, written to the first that takes it). */
export interface ParseCacheSpot {
  dirs: readonly string[];
  /** The build's identity: a new build never reuses an older one's parse (its schemas may differ). */
  build: string;
  /**
   * Writes a file whole into the first of `dirs` that takes it, with `mode` whatever the umask; nothing when none
   * does (the code cache's writer, scripts/code-cache.cjs writeWholeFile, handed over by bin/kiosk.js).
   */
  write(name: string, body: string, mode: number): void;
}

/** What a parse was made from. `services`: the services file's text, when the config names no services. */
export interface ParseInput {
  file: string;
  text: string;
  services: string | null;
}

interface Entry {
  node: string;
  build: string;
  input: ParseInput;
  data: unknown;
}

const MAGIC = 'KIOSKCFG1';

let spot: ParseCacheSpot | null = null;

/** From now on, parsed configs are kept in and taken from `s` (null: not at all, the default). */
export function useParseCache(s: ParseCacheSpot | null): void {
  spot = s;
}

/** One file per config file: a kiosk checking another config does not evict its own. */
const fileName = (configFile: string): string => `config-${crc32(configFile).toString(16).padStart(8, '0')}.json`;

function decode(text: string): Entry | null {
  const nl = text.indexOf('\n');
  const [magic, sum] = text.slice(0, nl).split(' ');
  const body = text.slice(nl + 1);
  if (nl < 0 || magic !== MAGIC || sum !== crc32(body).toString(16)) return null;
  try {
    return JSON.parse(body) as Entry;
  } catch {
    return null;
  }
}

/**
 * The kept parse of `file` with this `text`, or undefined. `servicesText` reads the services file: asked only when
 * the kept parse was made with it, so its text must still be the same.
 */
export function cachedParse(file: string, text: string, servicesText: () => string): unknown {
  if (!spot) return undefined;
  for (const dir of spot.dirs) {
    let stored: string;
    try {
      stored = readFileSync(join(dir, fileName(file)), 'utf8');
    } catch {
      continue;
    }
    const e = decode(stored);
    const same =
      e !== null &&
      e.node === process.version &&
      e.build === spot.build &&
      e.input.file === file &&
      e.input.text === text &&
      (e.input.services === null || e.input.services === servicesText());
    // A stale one in a folder this process cannot write (root's check beside a read-only /opt) must not hide the one
    // it wrote in the next folder.
    if (same) return e.data;
  }
  return undefined;
}

/** Keeps a parse that passed validation. Nothing is kept when its JSON form would not give back the same value. */
export function saveParse(input: ParseInput, data: unknown): void {
  if (!spot) return;
  const entry: Entry = { node: process.version, build: spot.build, input, data };
  const body = JSON.stringify(entry);
  if (!isDeepStrictEqual((JSON.parse(body) as Entry).data, data)) return;
  const out = `${MAGIC} ${crc32(body).toString(16)}\n${body}`;
  // Readable by its writer only: it holds the config's text, PIN hashes and trusted keys included, which is 0640
  // root:kiosk, and root's own `kiosk config check` writes beside the build (umask 022), not in the unit's 0700 cache
  // folder.
  spot.write(fileName(input.file), out, 0o600);
}
