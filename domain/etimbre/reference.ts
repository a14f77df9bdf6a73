// The eTimbre reference a local issuer gives the payer, e.g. ET-FRPAR-20261128-000123-K:
//   ET · consulate code without its dash · business day at the consulate (YYYYMMDD) · six-digit sequence
//   · one ISO 7064 MOD 37-2 check character computed over "ETFRPAR20261128000123" (dashes left out).
// Unique per consulate as long as the store allocates the sequence per (consulate, business day) in one
// transaction. The check character lets a counter clerk who types a reference from a receipt know at once
// that a character is wrong or two neighbours are swapped.
import { mod37_2 } from './check';

export const REFERENCE_PATTERN = /^ET-([A-Z]{2}[A-Z]{3})-(\d{8})-(\d{6})-([0-9A-Z*])$/;
export const MAX_SEQUENCE = 999_999;

export interface ReferenceParts {
  /** Consulate code as in the config, "FR-PAR". */
  consulate: string;
  /** Business day at the consulate, "2026-11-28". */
  businessDay: string;
  sequence: number;
}

export type ReferenceResult = { ok: true; reference: string } | { ok: false; reason: 'bad-consulate' | 'bad-day' | 'bad-sequence'; detail: string };

export function formatReference(parts: ReferenceParts): ReferenceResult {
  const c = /^([A-Z]{2})-([A-Z]{3})$/.exec(parts.consulate);
  if (!c) return { ok: false, reason: 'bad-consulate', detail: `Consulate code "${parts.consulate}" is not like "FR-PAR".` };
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(parts.businessDay);
  if (!d) return { ok: false, reason: 'bad-day', detail: `Business day "${parts.businessDay}" is not like "2026-11-28".` };
  if (!Number.isInteger(parts.sequence) || parts.sequence < 1 || parts.sequence > MAX_SEQUENCE) {
    return {
      ok: false,
      reason: 'bad-sequence',
      detail: `Sequence ${parts.sequence} is outside 1..${MAX_SEQUENCE}; the store allocates one per consulate and business day.`,
    };
  }
  const body = `ET${c[1]}${c[2]}${d[1]}${d[2]}${d[3]}${String(parts.sequence).padStart(6, '0')}`;
  return { ok: true, reference: `ET-${c[1]}${c[2]}-${d[1]}${d[2]}${d[3]}-${String(parts.sequence).padStart(6, '0')}-${mod37_2(body)}` };
}

export type VerifyResult = { ok: true; parts: ReferenceParts } | { ok: false; reason: 'malformed' | 'bad-check'; detail: string };

/** Checks shape and check character. Accepts lower case and surrounding spaces (typed by a person). */
export function verifyReference(input: string): VerifyResult {
  const ref = input.trim().toUpperCase();
  const m = REFERENCE_PATTERN.exec(ref);
  if (!m) return { ok: false, reason: 'malformed', detail: `"${input}" is not an eTimbre reference like ET-FRPAR-20261128-000123-K.` };
  const [, consulate, day, seq, check] = m as unknown as [string, string, string, string, string];
  if (mod37_2(`ET${consulate}${day}${seq}`) !== check) {
    return { ok: false, reason: 'bad-check', detail: `"${input}" has a wrong character or two swapped characters; compare it with the receipt again.` };
  }
  return {
    ok: true,
    parts: {
      consulate: `${consulate.slice(0, 2)}-${consulate.slice(2)}`,
      businessDay: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`,
      sequence: Number(seq),
    },
  };
}
