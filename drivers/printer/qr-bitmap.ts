// A QR code as a bitmap, for printers without native GS ( k and for the virtual printer's paper.
import QRCode from 'qrcode';
import { emptyBitmap, setDot, type Bitmap } from './bitmap';

export type QrLevel = 'L' | 'M' | 'Q' | 'H';

export function qrBitmap(payload: string, moduleDots: number, level: QrLevel = 'M', quiet = 0): Bitmap {
  const qr = QRCode.create(payload, { errorCorrectionLevel: level });
  const n = qr.modules.size;
  const side = (n + 2 * quiet) * moduleDots;
  const bmp = emptyBitmap(side, side);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let dy = 0; dy < moduleDots; dy++) {
        for (let dx = 0; dx < moduleDots; dx++) setDot(bmp, (c + quiet) * moduleDots + dx, (r + quiet) * moduleDots + dy);
      }
    }
  }
  return bmp;
}
