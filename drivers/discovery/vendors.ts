// USB vendor ids seen on consulate counters, to tell a technician what a port probably is.
export type ProbableKind = 'terminal' | 'printer' | 'scanner' | 'usb-serial adapter' | 'unknown';

const VENDORS: Record<number, { name: string; kind: ProbableKind }> = {
  0x0b00: { name: 'Ingenico', kind: 'terminal' },
  0x079b: { name: 'Ingenico (Sagem)', kind: 'terminal' },
  0x11ca: { name: 'Verifone', kind: 'terminal' },
  0x2fb8: { name: 'PAX', kind: 'terminal' },
  0x1d6b: { name: 'Linux Foundation (virtual)', kind: 'unknown' },
  0x04b8: { name: 'Epson', kind: 'printer' },
  0x0519: { name: 'Star Micronics', kind: 'printer' },
  0x1504: { name: 'Bixolon', kind: 'printer' },
  0x0dd4: { name: 'Custom', kind: 'printer' },
  0x0fe6: { name: 'ICS Advent / Xprinter clone', kind: 'printer' },
  0x0416: { name: 'Winbond (POS-58/80 clones)', kind: 'printer' },
  0x05e0: { name: 'Zebra / Symbol', kind: 'scanner' },
  0x0c2e: { name: 'Honeywell (Metrologic)', kind: 'scanner' },
  0x0536: { name: 'Honeywell (Hand Held Products)', kind: 'scanner' },
  0x05f9: { name: 'Datalogic', kind: 'scanner' },
  0x1eab: { name: 'Newland', kind: 'scanner' },
  0x2dd6: { name: 'Zebra (new)', kind: 'scanner' },
  0x0403: { name: 'FTDI', kind: 'usb-serial adapter' },
  0x067b: { name: 'Prolific', kind: 'usb-serial adapter' },
  0x10c4: { name: 'Silicon Labs CP210x', kind: 'usb-serial adapter' },
  0x1a86: { name: 'QinHeng CH340', kind: 'usb-serial adapter' },
};

export function vendorGuess(vendorId: number | undefined): { vendor: string; probably: ProbableKind } {
  const v = vendorId === undefined ? undefined : VENDORS[vendorId];
  return v
    ? { vendor: v.name, probably: v.kind }
    : { vendor: vendorId === undefined ? 'unknown' : `0x${vendorId.toString(16).padStart(4, '0')}`, probably: 'unknown' };
}
