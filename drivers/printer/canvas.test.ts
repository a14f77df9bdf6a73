// @napi-rs/canvas is loaded on first drawing, not with the printer modules (issue 14: idle RSS). Run in a child
// process: the module cache of this test worker is shared with other tests that have drawn.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const at = (p: string) => new URL(p, import.meta.url).href;

const SCRIPT = `
import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
const canvasLoaded = () => Object.keys(cache).some((f) => f.includes('/@napi-rs/canvas/'));
const printer = await import(${JSON.stringify(at('./index.ts'))});
const { rasterLines } = await import(${JSON.stringify(at('./raster-text.ts'))});
const { VirtualPrinter } = await import(${JSON.stringify(at('./sim/virtual-printer.ts'))});
const steps = { imported: canvasLoaded() };
new VirtualPrinter();
steps.virtualPrinter = canvasLoaded();
const bands = rasterLines({ text: 'القنصلية العامة', align: 'right', direction: 'rtl', sizeDots: 24 }, { dots: 384 });
steps.rasterLine = canvasLoaded();
steps.inked = bands.length > 0 && typeof printer === 'object';
console.log(JSON.stringify(steps));
`;

describe('@napi-rs/canvas loaded on first use', () => {
  it('importing the printer driver and the simulator loads no canvas; the first raster line does', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ imported: false, virtualPrinter: false, rasterLine: true, inked: true });
  }, 60_000);
});
