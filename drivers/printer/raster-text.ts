// Draws a line the printer cannot shape (Arabic…) with HarfBuzz via @napi-rs/canvas, thresholds it to
// 1 bit and trims the blank rows, so each band costs only the rows that hold ink.
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import type { Align, Paper } from '../../shared/print-blocks';
import { crop, inkBounds, threshold, type Bitmap } from './bitmap';
import { canvas } from './canvas';
import { FONT_STACK, LATIN_STACK, registerFonts } from './fonts';

export interface RasterLine {
  text: string;
  align: Align;
  direction: 'rtl' | 'ltr';
  sizeDots: number;
  bold?: boolean;
  aside?: string;
}

export interface Band {
  bitmap: Bitmap;
  /** Where the band sits when it is narrower than the paper (sent as ESC a before GS v 0). */
  align: Align;
}

const MARGIN = 4;

function font(ctx: SKRSContext2D, line: RasterLine): void {
  ctx.font = `${line.bold ? 'bold ' : ''}${line.sizeDots}px ${line.direction === 'rtl' ? FONT_STACK : LATIN_STACK}`;
}

/** Greedy word wrap by measured width, in logical order; the canvas reorders each line for display. */
function wrapMeasured(ctx: SKRSContext2D, text: string, max: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    const next = cur ? `${cur} ${w}` : w;
    if (cur && ctx.measureText(next).width > max) {
      lines.push(cur);
      cur = w;
    } else cur = next;
  }
  if (cur) lines.push(cur);
  return lines.length ? lines : [''];
}

/**
 * One band per wrapped line. `trim` crops the band to its ink (the printer places it with ESC a); without
 * it every band is the full paper width, for printers that ignore ESC a for raster images.
 */
export function rasterLines(line: RasterLine, paper: Paper, opts: { trim?: boolean } = {}): Band[] {
  // The consulate's name and the fixed Arabic words recur on every ticket: draw each once (≈25 ms a line).
  const key = JSON.stringify([line.text, line.align, line.direction, line.sizeDots, line.bold ?? false, line.aside ?? null, paper.dots, opts.trim ?? true]);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const bands = drawLines(line, paper, opts);
  cache.set(key, bands);
  if (cache.size > CACHE_LINES) cache.delete(cache.keys().next().value as string);
  return bands;
}

/** Most recently used drawn lines; bands are never modified after drawing, so they can be shared. */
const cache = new Map<string, Band[]>();
const CACHE_LINES = 128;

/**
 * One drawing surface per size, reused: a canvas is native memory V8 does not see, freed only when a garbage
 * collection finalizes it, so a new one per line left the daemon's RSS swinging by tens of MB over a day of tickets
 * (issue 14, RSS growth). Lines are drawn one at a time on the main thread; every state a line uses is set before it
 * draws, and the surface is painted white first.
 */
const surfaces = new Map<string, { canvas: Canvas; ctx: SKRSContext2D }>();
function surface(width: number, height: number) {
  const key = `${width}x${height}`;
  let s = surfaces.get(key);
  if (!s) {
    const c = canvas().createCanvas(width, height);
    s = { canvas: c, ctx: c.getContext('2d') };
    surfaces.set(key, s);
  }
  s.ctx.setTransform(1, 0, 0, 1, 0, 0);
  return s.ctx;
}

function drawLines(line: RasterLine, paper: Paper, opts: { trim?: boolean }): Band[] {
  registerFonts();
  const height = Math.ceil(line.sizeDots * 1.8);
  const probe = surface(8, 8);
  font(probe, line);
  const asideWidth = line.aside ? probe.measureText(line.aside).width + line.sizeDots : 0;
  const parts = wrapMeasured(probe, line.text, paper.dots - 2 * MARGIN - asideWidth);
  const bands: Band[] = [];
  parts.forEach((part, i) => {
    const ctx = surface(paper.dots, height);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, paper.dots, height);
    ctx.fillStyle = '#000';
    ctx.textBaseline = 'alphabetic';
    font(ctx, line);
    ctx.direction = line.direction;
    const baseline = Math.round(line.sizeDots * 1.15);
    const x = line.align === 'center' ? paper.dots / 2 : line.align === 'right' ? paper.dots - MARGIN : MARGIN;
    ctx.textAlign = line.align === 'center' ? 'center' : line.align;
    ctx.fillText(part, x, baseline);
    const withAside = line.aside !== undefined && i === parts.length - 1;
    if (withAside) {
      ctx.direction = 'ltr';
      ctx.font = `${line.bold ? 'bold ' : ''}${line.sizeDots}px ${LATIN_STACK}`;
      const onLeft = line.align === 'right';
      ctx.textAlign = onLeft ? 'left' : 'right';
      ctx.fillText(line.aside ?? '', onLeft ? MARGIN : paper.dots - MARGIN, baseline);
    }
    const img = ctx.getImageData(0, 0, paper.dots, height);
    const full = threshold(img.data, paper.dots, height, 140);
    const ink = inkBounds(full);
    if (!ink) return;
    const top = Math.max(0, ink.top - MARGIN);
    const rows = Math.min(height, ink.bottom + MARGIN + 1) - top;
    if (opts.trim && !withAside) {
      const left = ink.left & ~7;
      const width = ((ink.right >> 3) + 1) * 8 - left;
      bands.push({ bitmap: crop(full, left, top, width, rows), align: line.align });
    } else {
      bands.push({ bitmap: crop(full, 0, top, paper.dots, rows), align: 'left' });
    }
  });
  return bands;
}
