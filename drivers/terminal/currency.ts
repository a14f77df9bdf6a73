// ISO 4217 alphabetic ↔ numeric for the currencies a consulate kiosk meets. Both terminal protocols carry
// the numeric code (Concert as 3 ASCII digits, ZVT as 2 BCD bytes).

const NUMERIC: Record<string, string> = {
  EUR: '978', MAD: '504', USD: '840', GBP: '826', CHF: '756', CAD: '124', SEK: '752', NOK: '578',
  DKK: '208', PLN: '985', CZK: '203', HUF: '348', AED: '784', SAR: '682', QAR: '634', TND: '788',
  DZD: '012', EGP: '818', TRY: '949', JPY: '392', AUD: '036', CNY: '156', RUB: '643', XOF: '952',
};

const ALPHA: Record<string, string> = Object.fromEntries(Object.entries(NUMERIC).map(([a, n]) => [n, a]));

export function currencyNumeric(alpha: string): string | undefined {
  return NUMERIC[alpha.toUpperCase()];
}

export function currencyAlpha(numeric: string): string | undefined {
  return ALPHA[numeric.padStart(3, '0')];
}
