// The receipt encoder library for the simulator's decoding tables (sim/codepages.ts). The daemon loads the
// encoder with the first ticket it composes (encode.ts, issue 14): by the time a simulated printer decodes
// that ticket's bytes, the same copy of the library, with codepage-lookup.ts's fast lookups in place, is
// here. A simulator fed from elsewhere (kiosk sim-printer, a test) requires the library the first time it
// decodes a byte beyond ASCII.
import { createRequire } from 'node:module';
import type ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';

type Encoder = typeof ReceiptPrinterEncoder;

let loaded: Encoder | undefined;

/** Called by encode.ts as it loads: its copy is the one to use. */
export function provideReceiptEncoder(lib: Encoder): void {
  loaded ??= lib;
}

export function receiptEncoder(): Encoder {
  // The package's CommonJS build exports the class itself.
  loaded ??= createRequire(import.meta.url)('@point-of-sale/receipt-printer-encoder') as Encoder;
  return loaded;
}
