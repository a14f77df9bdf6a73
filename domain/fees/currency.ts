// How many decimals a currency's minor unit has (ISO 4217). A table, not Intl: the digits must not change
// with the ICU build of the Node that runs the kiosk (CLDR, for example, gives cash digits for some codes).
// Every code not listed has 2 decimals.

const MINOR_DIGITS: Readonly<Record<string, number>> = {
  // 0 decimals
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // 3 decimals
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // 4 decimals
  CLF: 4, UYW: 4,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}
