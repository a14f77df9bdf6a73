// The consular fee in local currency. The schedule is published in dirhams; the chancery posts a rate
// (local units per dirham). Rounding rule, one place only:
//
//   unit fee (one person, one service) = feeMad × rate, rounded HALF UP to the currency's minor unit;
//   line total = unit fee × persons;  total = sum of the lines.
//
// Rounding the unit and multiplying (rather than rounding the product) keeps the receipt's arithmetic
// "unit × persons = line" true to the cent, so a visitor or an auditor can check it. All arithmetic is on
// bigints; amounts leave as integer minor units (JSON-safe numbers), never as floats.
import { decimalToString, divRoundHalfUp, parseDecimal } from './decimal';
import type { Decimal } from './decimal';
import { minorDigits } from '../../shared/money';

export interface FeeScheduleEntry {
  code: string;
  /** Fee in dirhams for one person, as in the config (a number, or a decimal string). */
  feeMad: number | string;
}

export interface FeeRequest {
  schedule: readonly FeeScheduleEntry[];
  /** Service codes of this visit; each is charged once per person. */
  services: readonly string[];
  persons: number;
  /** Local currency units per dirham, as posted by the chancery. */
  chanceryRate: number | string;
  /** ISO 4217 code of the local currency. */
  currency: string;
}

export interface FeeLine {
  service: string;
  /** The schedule's fee in dirhams, as an exact decimal string ("860"). */
  unitFeeMad: string;
  /** One person's fee in local minor units, rounded half up. */
  unitMinor: number;
  persons: number;
  /** unitMinor × persons. */
  totalMinor: number;
}

export interface FeeQuote {
  currency: string;
  /** Decimals of the minor unit: 2 for EUR, 0 for JPY, 3 for TND. */
  minorDigits: number;
  /** The rate used, as an exact decimal string. */
  rate: string;
  lines: FeeLine[];
  totalMinor: number;
  /** False for free services: the flow skips payment. */
  payable: boolean;
}

export type FeeFailure =
  | { ok: false; reason: 'unknown-service'; service: string; detail: string }
  | { ok: false; reason: 'no-service'; detail: string }
  | { ok: false; reason: 'bad-persons'; detail: string }
  | { ok: false; reason: 'bad-rate'; detail: string }
  | { ok: false; reason: 'bad-fee'; service: string; detail: string }
  | { ok: false; reason: 'too-large'; detail: string }
  | { ok: false; reason: 'unknown-currency'; detail: string };

export type FeeResult = { ok: true; quote: FeeQuote } | FeeFailure;

/** feeMad × rate in minor units of a currency with `digits` decimals, rounded half up. */
export function convertToMinor(feeMad: Decimal, rate: Decimal, digits: number): bigint {
  const numerator = feeMad.units * rate.units * 10n ** BigInt(digits);
  const denominator = 10n ** BigInt(feeMad.scale + rate.scale);
  return divRoundHalfUp(numerator, denominator);
}

export function quoteFee(req: FeeRequest): FeeResult {
  if (req.services.length === 0) return { ok: false, reason: 'no-service', detail: 'No service was chosen; pick a service before asking for the fee.' };
  if (!Number.isInteger(req.persons) || req.persons < 1) {
    return { ok: false, reason: 'bad-persons', detail: `persons is ${req.persons}; it must be a whole number of at least 1.` };
  }
  const rate = parseDecimal(req.chanceryRate);
  if (!rate.ok || rate.value.units === 0n) {
    return {
      ok: false,
      reason: 'bad-rate',
      detail: `The chancery rate ${String(req.chanceryRate)} is not a positive decimal; set consulate.chanceryRate in the config.`,
    };
  }
  const digits = minorDigits(req.currency);
  if (digits === undefined) {
    return {
      ok: false,
      reason: 'unknown-currency',
      detail: `Currency "${req.currency}" is not an ISO 4217 currency; set consulate.currency in the config (e.g. "EUR").`,
    };
  }
  const lines: FeeLine[] = [];
  let total = 0n;
  for (const code of req.services) {
    const entry = req.schedule.find((s) => s.code === code);
    if (!entry)
      return {
        ok: false,
        reason: 'unknown-service',
        service: code,
        detail: `Service "${code}" is not in the fee schedule; add it to services in the config.`,
      };
    const fee = parseDecimal(entry.feeMad);
    if (!fee.ok) return { ok: false, reason: 'bad-fee', service: code, detail: `The fee of "${code}" is not a decimal: ${fee.detail}` };
    const unit = convertToMinor(fee.value, rate.value, digits);
    const line = unit * BigInt(req.persons);
    total += line;
    if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
      return { ok: false, reason: 'too-large', detail: 'The total does not fit a safe integer of minor units; check the fee schedule and the rate.' };
    }
    lines.push({ service: code, unitFeeMad: decimalToString(fee.value), unitMinor: Number(unit), persons: req.persons, totalMinor: Number(line) });
  }
  return {
    ok: true,
    quote: {
      currency: req.currency.toUpperCase(),
      minorDigits: digits,
      rate: decimalToString(rate.value),
      lines,
      totalMinor: Number(total),
      payable: total > 0n,
    },
  };
}
