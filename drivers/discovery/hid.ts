import { vendorGuess, type ProbableKind } from './vendors';

export interface FoundHid {
  path: string;
  vendorId: number;
  productId: number;
  product?: string;
  manufacturer?: string;
  /** HID-POS scanners use usage page 0x8C; keyboard-wedge scanners look like keyboards (page 1, usage 6). */
  usagePage?: number;
  usage?: number;
  vendor: string;
  probably: ProbableKind;
}

/** HID devices through node-hid (hidraw). Returns an error value when the native module cannot load. */
export async function discoverHid(): Promise<{ ok: true; devices: FoundHid[] } | { ok: false; reason: string }> {
  try {
    const HID = (await import('node-hid')).default;
    const devices = HID.devices().map((d) => {
      const guess = vendorGuess(d.vendorId);
      const probably: ProbableKind = d.usagePage === 0x8c ? 'scanner' : guess.probably;
      return {
        path: d.path ?? '',
        vendorId: d.vendorId,
        productId: d.productId,
        product: d.product,
        manufacturer: d.manufacturer,
        usagePage: d.usagePage,
        usage: d.usage,
        vendor: guess.vendor,
        probably,
      };
    });
    return { ok: true, devices };
  } catch (err) {
    return { ok: false, reason: `HID devices cannot be listed: ${(err as Error).message} (is libusb-1.0-0 installed?)` };
  }
}
