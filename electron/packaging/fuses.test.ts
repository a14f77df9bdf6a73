// The fuse hook run by electron-builder, tried with the real @electron/fuses on a stand-in binary: no
// Electron binary exists here. The stand-in carries what Electron's build/fuses/build.py compiles into
// every binary: the sentinel, a version byte, a length byte, then one ASCII '0'/'1' per fuse in the order
// of build/fuses/fuses.json5.
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import afterPack, { applyKioskFuses, electronBinary } from './fuses';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's fuse order (fuses.json5) and the defaults an unfused binary ships with. */
const ORDER = [
  'run_as_node',
  'cookie_encryption',
  'node_options',
  'node_cli_inspect',
  'embedded_asar_integrity_validation',
  'only_load_app_from_asar',
  'load_browser_process_specific_v8_snapshot',
  'grant_file_protocol_extra_privileges',
];
const DEFAULTS = '10110001';
const WANTED: Record<string, '0' | '1'> = {
  run_as_node: '0',
  cookie_encryption: '1',
  node_options: '0',
  node_cli_inspect: '0',
  embedded_asar_integrity_validation: '0',
  only_load_app_from_asar: '1',
  load_browser_process_specific_v8_snapshot: '0',
  grant_file_protocol_extra_privileges: '0',
};

const dir = mkdtempSync(join(tmpdir(), 'kiosk-fuses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function standInBinary(name: string, wire: string): { file: string; before: Buffer } {
  const before = Buffer.concat([
    randomBytes(64 * 1024),
    Buffer.from(SENTINEL, 'ascii'),
    Buffer.from([1, wire.length]),
    Buffer.from(wire, 'ascii'),
    randomBytes(64 * 1024),
  ]);
  const file = join(dir, name);
  writeFileSync(file, before, { mode: 0o755 });
  return { file, before };
}

/** Read back independently of @electron/fuses: fuse name → '0' | '1'. */
function readFuses(file: string): { version: number; wire: string } {
  const buf = readFileSync(file);
  const at = buf.indexOf(SENTINEL) + SENTINEL.length;
  return { version: buf[at]!, wire: buf.subarray(at + 2, at + 2 + buf[at + 1]!).toString('ascii') };
}

describe('Electron fuses at packaging', () => {
  it('flips each fuse of an Electron binary to the kiosk setting and changes no other byte', async () => {
    const { file, before } = standInBinary('electron-8', DEFAULTS);
    await applyKioskFuses(file);
    const { version, wire } = readFuses(file);
    expect(version).toBe(1);
    for (const [i, name] of ORDER.entries()) expect(wire[i], name).toBe(WANTED[name]);
    const after = readFileSync(file);
    expect(after.length).toBe(before.length);
    const changed = [...after.keys()].filter((i) => after[i] !== before[i]);
    const wireStart = before.indexOf(SENTINEL) + SENTINEL.length + 2;
    expect(changed.every((i) => i >= wireStart && i < wireStart + 8)).toBe(true);
  });

  it("leaves a fuse it does not know (a newer Electron's longer wire) as the binary has it", async () => {
    const { file } = standInBinary('electron-9', `${DEFAULTS}1`);
    await applyKioskFuses(file);
    expect(readFuses(file).wire).toBe('010001001');
  });

  it('fails the build on a file that carries no fuse wire instead of shipping it unfused', async () => {
    const file = join(dir, 'not-electron');
    writeFileSync(file, randomBytes(4096));
    await expect(applyKioskFuses(file)).rejects.toThrow(/sentinel/);
  });

  it("is electron-builder's afterPack hook, on the Linux binary the config names", async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const builder = parseYaml(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
      afterPack: string;
      directories: { app: string };
      files: string[];
      linux: { executableName: string };
      productName: string;
    };
    const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.electron.json'), 'utf8')) as { compilerOptions: { outDir: string; rootDir: string } };
    // The hook is this module as `npm run build:electron` compiles it, and stays out of the packaged app.
    const compiled = join(
      tsconfig.compilerOptions.outDir,
      relative(join(root, tsconfig.compilerOptions.rootDir), fileURLToPath(new URL('./fuses.js', import.meta.url))),
    );
    expect(builder.afterPack).toBe(compiled);
    // files are relative to the app folder (directories.app).
    expect(builder.files).toContain(`!${relative(builder.directories.app, join(tsconfig.compilerOptions.outDir, 'packaging'))}/**`);

    const appOutDir = mkdtempSync(join(dir, 'linux-unpacked-'));
    const { file } = standInBinary(relative(dir, join(appOutDir, builder.linux.executableName)), DEFAULTS);
    const ctx = {
      appOutDir,
      electronPlatformName: 'linux',
      packager: { appInfo: { productFilename: builder.productName }, executableName: builder.linux.executableName },
    };
    expect(electronBinary(ctx)).toBe(file);
    await afterPack(ctx);
    expect(readFuses(file).wire).toBe('01000100');
  });
});
