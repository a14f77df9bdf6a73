// A validated config kept between starts (issue 14, cold start): taken only for the same config text, services,
// build and Node; an edited config is validated again, errors and all; a damaged file is ignored.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { tempDir } from '../../test/support/tmp';
import { DEFAULT_CONFIG_FILE, loadConfig, parseConfig } from './load';
import { writeWholeFile } from '../../scripts/code-cache.cjs';
import { cachedParse, saveParse, useParseCache, type ParseCacheSpot } from './parse-cache';

let tmp: { dir: string; cleanup: () => void };
let cache: string;
const BUILD = '{"cli.js":"aa"}';
/** Kept in `dirs` for `build`, written as bin/kiosk.js has it written (the code cache's writer). */
const spot = (dirs: string[], build = BUILD): ParseCacheSpot => ({ dirs, build, write: (n, b, m) => void writeWholeFile(dirs, n, b, m) });
beforeEach(() => {
  tmp = tempDir('kiosk-parse-cache-');
  cache = join(tmp.dir, 'cache');
  useParseCache(spot([cache]));
});
afterEach(() => {
  useParseCache(null);
  tmp.cleanup();
});

const paris = readFileSync(DEFAULT_CONFIG_FILE, 'utf8');
/** The Paris sample written as the kiosk's config file, with `edit` applied to its settings. */
function configFile(edit: (c: Record<string, unknown>) => void = () => {}): string {
  const c = JSON.parse(paris) as Record<string, unknown>;
  edit(c);
  const file = join(tmp.dir, 'kiosk.json');
  writeFileSync(file, JSON.stringify(c, null, 2));
  return file;
}
// The Paris sample names no services: its parse was made with the default services file.
const services = () => readFileSync(join(DEFAULT_CONFIG_FILE, '../../services.json'), 'utf8');
const kept = () => (existsSync(cache) ? readdirSync(cache).filter((f) => f.startsWith('config-')) : []);

describe('validated configs kept between starts', () => {
  it('a config that passed is kept, and the next load of the same text builds no schema and gives the same config', async () => {
    const file = configFile();
    const first = loadConfig(file);
    expect(first.ok).toBe(true);
    expect(kept()).toHaveLength(1);
    // It holds the config's text (PIN hashes, trusted keys): its writer's alone, whatever the umask.
    expect(statSync(join(cache, kept()[0]!)).mode & 0o777).toBe(0o600);
    // A new process, as a start is: every module evaluated again, no schema built yet.
    vi.resetModules();
    const fresh = await import('./load');
    const freshCache = await import('./parse-cache');
    const { KioskConfig } = await import('./schema');
    const { isPending } = await import('../../shared/lazy-schema');
    freshCache.useParseCache(spot([cache]));
    expect(isPending(KioskConfig)).toBe(true);
    const again = fresh.loadConfig(file);
    expect(isPending(KioskConfig)).toBe(true);
    expect(again).toStrictEqual(first);
    freshCache.useParseCache(null);
  });

  it('an edited config is validated again: a mistake is reported, never covered by the kept parse', () => {
    const good = configFile();
    expect(loadConfig(good).ok).toBe(true);
    const bad = configFile((c) => ((c.devices as { printer: { paperWidth: number } }).printer.paperWidth = 72));
    const r = loadConfig(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toContain('devices.printer.paperWidth');
    // The mistake is not kept; fixing it gives the fixed config, not an older one.
    const fixed = configFile((c) => ((c.devices as { printer: { paperWidth: number } }).printer.paperWidth = 58));
    const f = loadConfig(fixed);
    expect(f.ok && f.config.devices.printer.paperWidth).toBe(58);
    expect(loadConfig(fixed)).toStrictEqual(f);
  });

  it('another build or another Node does not take the kept parse', () => {
    const file = configFile();
    const text = readFileSync(file, 'utf8');
    const first = parseConfig(text, file);
    expect(cachedParse(file, text, services)).toBeDefined();
    useParseCache(spot([cache], '{"cli.js":"bb"}'));
    expect(cachedParse(file, text, services)).toBeUndefined();
    useParseCache(spot([cache]));
    const [name] = kept();
    const path = join(cache, name!);
    const entry = readFileSync(path, 'utf8');
    const body = entry.slice(entry.indexOf('\n') + 1).replace(`"node":"${process.version}"`, '"node":"v0.0.0"');
    writeFileSync(path, `KIOSKCFG1 ${crc32(body).toString(16)}\n${body}`);
    expect(cachedParse(file, text, services)).toBeUndefined();
    expect(parseConfig(text, file)).toStrictEqual(first);
  });

  it('a damaged file is ignored, the config validated again and kept again', () => {
    const file = configFile();
    const first = loadConfig(file);
    const path = join(cache, kept()[0]!);
    const bytes = readFileSync(path);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0x01;
    writeFileSync(path, bytes);
    expect(cachedParse(file, readFileSync(file, 'utf8'), services)).toBeUndefined();
    expect(loadConfig(file)).toStrictEqual(first);
    expect(cachedParse(file, readFileSync(file, 'utf8'), services)).toBeDefined();
  });

  it('a parse made with the default services is taken only while the services file is the same', () => {
    const input = { file: '/etc/kiosk.json', text: '{}', services: '{"services":[1]}' };
    saveParse(input, { a: 1 });
    expect(cachedParse(input.file, input.text, () => '{"services":[1]}')).toEqual({ a: 1 });
    expect(cachedParse(input.file, input.text, () => '{"services":[2]}')).toBeUndefined();
    // One that named its own services never reads the file.
    saveParse({ ...input, services: null }, { a: 2 });
    expect(cachedParse(input.file, input.text, () => expect.unreachable('services read') as string)).toEqual({ a: 2 });
  });

  it('a stale parse in the first folder does not hide a current one in the next (a read-only folder written by root)', () => {
    const input = { file: '/etc/kiosk.json', text: '{"v":2}', services: null };
    const second = join(tmp.dir, 'second');
    useParseCache(spot([second]));
    saveParse(input, { v: 2 });
    useParseCache(spot([cache]));
    saveParse({ ...input, text: '{"v":1}' }, { v: 1 });
    useParseCache(spot([cache, second]));
    expect(cachedParse(input.file, input.text, services)).toEqual({ v: 2 });
  });

  it('keeps nothing whose JSON form is not the parsed value, and nothing at all without a place (tests, the sources)', () => {
    saveParse({ file: '/a.json', text: '{}', services: null }, { at: new Date(0) });
    saveParse({ file: '/b.json', text: '{}', services: null }, { gone: undefined });
    expect(kept()).toEqual([]);
    useParseCache(null);
    expect(loadConfig(configFile()).ok).toBe(true);
    expect(kept()).toEqual([]);
  });
});
