// @napi-rs/canvas (Skia and HarfBuzz, a native add-on) is needed only to draw a line the printer cannot shape
// (Arabic) or to render the simulator's paper. Loading it costs 10–16 MB of RSS and 30–60 ms, so it is loaded
// on first use, synchronously, and a daemon that has printed no raster line does not carry it (issue 14, start-up).
import { createRequire } from 'node:module';
import type * as CanvasModule from '@napi-rs/canvas';

type Canvas = typeof CanvasModule;

const require = createRequire(import.meta.url);
let loaded: Canvas | undefined;

/** The @napi-rs/canvas module, loaded the first time it is asked for. */
export function canvas(): Canvas {
  loaded ??= require('@napi-rs/canvas') as Canvas;
  return loaded;
}
