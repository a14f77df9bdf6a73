import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { tar, tarGz, tarHeader } from './tar';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tar writer', () => {
  it('writes an archive that GNU tar lists and extracts byte for byte', () => {
    const long = `bundle/${'deep/'.repeat(25)}file.txt`;
    const binary = Uint8Array.from({ length: 1500 }, (_, i) => (i * 7) & 0xff);
    const file = join(dir, 'b.tar.gz');
    writeFileSync(
      file,
      tarGz([
        { name: 'bundle/README.txt', data: 'héllo ü\n' },
        { name: 'bundle/logs/kiosk.1.log', data: binary },
        { name: 'bundle/empty', data: '' },
        { name: long, data: 'x'.repeat(512) },
      ]),
    );
    expect(execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual([
      'bundle/README.txt',
      'bundle/logs/kiosk.1.log',
      'bundle/empty',
      long,
    ]);
    execFileSync('tar', ['-xzf', file, '-C', dir]);
    expect(readFileSync(join(dir, 'bundle/README.txt'), 'utf8')).toBe('héllo ü\n');
    expect(Buffer.compare(readFileSync(join(dir, 'bundle/logs/kiosk.1.log')), Buffer.from(binary))).toBe(0);
    expect(readFileSync(join(dir, long), 'utf8')).toHaveLength(512);
  });

  it('pads to 512-byte blocks and ends with two empty blocks', () => {
    const t = tar([{ name: 'a', data: 'abc' }]);
    expect(t.length).toBe(512 + 512 + 1024);
    const fixed = [{ name: 'a', data: 'abc', mtime: new Date(0) }];
    expect(gunzipSync(tarGz(fixed)).equals(tar(fixed))).toBe(true);
    expect(t.subarray(1024).every((b) => b === 0)).toBe(true);
  });

  it('refuses absolute and parent paths and names that cannot fit', () => {
    const base = { size: 0, mtime: new Date(0), mode: 0o644 };
    expect(() => tarHeader({ ...base, name: '/etc/passwd' })).toThrow(/unsafe path/);
    expect(() => tarHeader({ ...base, name: 'a/../../b' })).toThrow(/unsafe path/);
    expect(() => tarHeader({ ...base, name: 'x'.repeat(101) })).toThrow(/too long/);
  });
});
