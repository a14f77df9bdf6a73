// Whether the build is as new as its sources (scripts/build-stamp.js): bin/kiosk.js asks buildStalenessSoon, whose
// stats run on libuv's threads while the build loads; it must answer exactly as buildStaleness does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildStaleness, buildStalenessSoon } from '../../scripts/build-stamp.js';
import { tempDir } from '../support/tmp';

let tmp: { dir: string; cleanup: () => void };
let root: URL;
const BUILT_AT = Date.parse('2026-12-01T10:00:00Z');
const SOURCES = Array.from({ length: 40 }, (_, i) => `src/m${i}.ts`);

beforeAll(() => {
  tmp = tempDir('kiosk-build-stamp-');
  root = pathToFileURL(tmp.dir + '/');
  mkdirSync(join(tmp.dir, 'src'));
  mkdirSync(join(tmp.dir, 'dist/server'), { recursive: true });
});
afterAll(() => tmp.cleanup());

/** Every source written before the build, the stamp listing `inputs`. */
function build(inputs: string[] = SOURCES): void {
  const before = new Date(BUILT_AT - 60_000);
  for (const f of SOURCES) {
    writeFileSync(join(tmp.dir, f), '');
    utimesSync(join(tmp.dir, f), before, before);
  }
  writeFileSync(join(tmp.dir, 'dist/server/stamp.json'), JSON.stringify({ builtAt: BUILT_AT, inputs }));
}
const edit = (f: string) => utimesSync(join(tmp.dir, f), new Date(BUILT_AT + 1), new Date(BUILT_AT + 1));
const both = async () => ({ now: buildStaleness(root), soon: await buildStalenessSoon(root) });

describe('build staleness', () => {
  it('a build newer than every source it lists is current', async () => {
    build();
    expect(await both()).toEqual({ now: null, soon: null });
  });

  it('names the first source in the stamp that changed since the build, whatever stat answers first', async () => {
    build();
    edit('src/m31.ts');
    edit('src/m7.ts');
    const said = 'src/m7.ts changed since the build';
    expect(await both()).toEqual({ now: said, soon: said });
  });

  it('a source gone since the build, in a folder gone too', async () => {
    build([...SOURCES, 'gone/file.ts']);
    const said = 'gone/file.ts is gone since the build';
    expect(await both()).toEqual({ now: said, soon: said });
  });

  it('a stat that fails otherwise throws, as buildStaleness does, unless a source before it already answered', async () => {
    build(['src/m3.ts/under-a-file.ts']);
    expect(() => buildStaleness(root)).toThrow(/ENOTDIR/);
    await expect(buildStalenessSoon(root)).rejects.toThrow(/ENOTDIR/);
    build(['src/m1.ts', 'gone.ts', 'src/m3.ts/under-a-file.ts']);
    expect(await both()).toEqual({ now: 'gone.ts is gone since the build', soon: 'gone.ts is gone since the build' });
  });

  it("a stamp listing no source (the Debian package's) is current; no stamp is no build", async () => {
    build([]);
    expect(await both()).toEqual({ now: null, soon: null });
    rmSync(join(tmp.dir, 'dist/server/stamp.json'));
    const said = 'there is no build in dist/server';
    expect(await both()).toEqual({ now: said, soon: said });
  });
});
