import QRCode from 'qrcode';

/** The ticket's QR drawn on screen when the paper ticket could not be printed. */
export async function qrImage(text: string, label: string): Promise<HTMLImageElement> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const img = document.createElement('img');
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  img.alt = label;
  img.className = 'qr';
  return img;
}
