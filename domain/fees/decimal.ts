// Exact decimals for money: a value is an integer count of 10^-scale, held in a bigint, so no binary
// floating-point rounding can reach a fee. A number coming from the config (JSON/YAML parse it as a double)
// is read through its shortest round-trip decimal form, String(0.093) === "0.093", which is exactly what the
// chancery posted: 0.093 means 93/1000, not the double nearest to it.

export interface Decimal {
  /** The value times 10^scale. */
  units: bigint;
  scale: number;
}

export type DecimalResult = { ok: true; value: Decimal } | { ok: false; reason: 'not-a-decimal'; detail: string };

const PLAIN = /^(\d+)(?:\.(\d+))?$/;
const EXPONENT = /^(\d+)(?:\.(\d+))?e([+-]?\d+)$/i;

/** Parses a non-negative decimal given as a string ("0.093", "1e-7") or as a finite number. */
export function parseDecimal(input: string | number): DecimalResult {
  if (typeof input === 'number' && (!Number.isFinite(input) || input < 0)) {
    return { ok: false, reason: 'not-a-decimal', detail: `${input} is not a finite non-negative number; give the amount as digits such as "0.093".` };
  }
  const text = typeof input === 'number' ? String(input) : input.trim();
  const plain = PLAIN.exec(text);
  const exp = plain ? null : EXPONENT.exec(text);
  const m = plain ?? exp;
  if (!m)
    return {
      ok: false,
      reason: 'not-a-decimal',
      detail: `"${text}" is not a non-negative decimal; write it as digits with an optional point, such as "0.093".`,
    };
  const int = m[1] ?? '0';
  const frac = m[2] ?? '';
  let units = BigInt(int + frac);
  let scale = frac.length - (exp ? Number(exp[3]) : 0);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { ok: true, value: { units, scale } };
}

/** units / 10^scale as a plain digit string, e.g. {93n, 3} → "0.093". */
export function decimalToString(d: Decimal): string {
  if (d.scale === 0) return d.units.toString();
  const s = d.units.toString().padStart(d.scale + 1, '0');
  return `${s.slice(0, -d.scale)}.${s.slice(-d.scale)}`;
}

/**
 * numerator/denominator rounded half up (ties go to the larger magnitude; all our operands are ≥ 0).
 * floor((2n + d) / 2d) is exact integer arithmetic.
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n || numerator < 0n) throw new RangeError('divRoundHalfUp takes a non-negative numerator and a positive denominator');
  return (2n * numerator + denominator) / (2n * denominator);
}
