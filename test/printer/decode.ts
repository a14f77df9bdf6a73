// Reads a rendered paper PNG back: the QR code's text, and the size.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export function decodePng(png: Buffer): { width: number; height: number; qr: string | null; data: Uint8Array } {
  const img = PNG.sync.read(png);
  const data = new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length);
  const code = jsQR(data, img.width, img.height);
  return { width: img.width, height: img.height, qr: code?.data ?? null, data: img.data };
}
