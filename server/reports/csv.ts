// RFC 4180 CSV with a UTF-8 byte order mark (so spreadsheets read accents and Arabic service names) and
// CRLF line ends. A text cell starting with = + - @ is prefixed with ' so a spreadsheet never runs it as a
// formula (CSV injection); numbers are written as numbers.
import { minorToText } from '../../shared/money';

export type Cell = string | number | null | undefined;

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return '\ufeff' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Minor units as a decimal number in the currency's unit: 1250 EUR → 12.5, 4235 XAF → 4235 (a number cell, not text). */
export function decimal(minor: number, currency: string): number {
  return Number(minorToText(Math.round(minor), currency));
}
