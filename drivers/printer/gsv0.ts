// GS v 0 raster images. Large single commands overflow many printers' receive buffers, so an image is
// sent as several commands of at most `maxRows` rows; consecutive commands join without a seam.
import { bytesPerRow, type Bitmap } from './bitmap';
import { concat } from '../bytes';

export const DEFAULT_BAND_ROWS = 64;

export function gsv0(b: Bitmap, maxRows = DEFAULT_BAND_ROWS): Uint8Array {
  const bpr = bytesPerRow(b);
  const chunks: Uint8Array[] = [];
  for (let y = 0; y < b.height; y += maxRows) {
    const rows = Math.min(maxRows, b.height - y);
    const head = new Uint8Array([0x1d, 0x76, 0x30, 0x00, bpr & 0xff, bpr >> 8, rows & 0xff, rows >> 8]);
    chunks.push(head, b.bits.subarray(y * bpr, (y + rows) * bpr));
  }
  return concat(...chunks);
}
