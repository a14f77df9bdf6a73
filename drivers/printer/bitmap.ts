// A 1-bit image in exactly the layout GS v 0 wants: rows of ceil(width/8) bytes, MSB is the leftmost
// dot, 1 = black.

export interface Bitmap {
  /** A multiple of 8. */
  width: number;
  height: number;
  bits: Uint8Array;
}

export const bytesPerRow = (b: Bitmap): number => b.width >> 3;

export function emptyBitmap(width: number, height: number): Bitmap {
  const w = Math.ceil(width / 8) * 8;
  return { width: w, height, bits: new Uint8Array((w >> 3) * height) };
}

export function getDot(b: Bitmap, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x >= b.width || y >= b.height) return false;
  return ((b.bits[y * (b.width >> 3) + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
}

export function setDot(b: Bitmap, x: number, y: number): void {
  if (x < 0 || y < 0 || x >= b.width || y >= b.height) return;
  const i = y * (b.width >> 3) + (x >> 3);
  b.bits[i] = (b.bits[i] ?? 0) | (0x80 >> (x & 7));
}

/** RGBA pixels → 1 bit: dark enough (luminance below threshold, alpha-composited on white) is black. */
export function threshold(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, level = 128): Bitmap {
  const out = emptyBitmap(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const a = (rgba[p + 3] ?? 0) / 255;
      const lum = 0.299 * (rgba[p] ?? 0) + 0.587 * (rgba[p + 1] ?? 0) + 0.114 * (rgba[p + 2] ?? 0);
      if (lum * a + 255 * (1 - a) < level) setDot(out, x, y);
    }
  }
  return out;
}

/** The rows and columns that hold ink, or null for a blank bitmap. */
export function inkBounds(b: Bitmap): { left: number; right: number; top: number; bottom: number } | null {
  let left = b.width,
    right = -1,
    top = b.height,
    bottom = -1;
  for (let y = 0; y < b.height; y++) {
    for (let x = 0; x < b.width; x++) {
      if (getDot(b, x, y)) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        bottom = y;
      }
    }
  }
  return right < 0 ? null : { left, right, top, bottom };
}

export function crop(b: Bitmap, x0: number, y0: number, width: number, height: number): Bitmap {
  const out = emptyBitmap(width, height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (getDot(b, x0 + x, y0 + y)) setDot(out, x, y);
  return out;
}
