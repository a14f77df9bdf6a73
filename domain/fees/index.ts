// Consular fees: dirham schedule × persons × chancery rate, in integer minor units of the local currency.
export { quoteFee, convertToMinor } from './fee';
export type { FeeFailure, FeeLine, FeeQuote, FeeRequest, FeeResult, FeeScheduleEntry } from './fee';
export { parseDecimal, decimalToString, divRoundHalfUp } from './decimal';
export type { Decimal, DecimalResult } from './decimal';
// Money itself (minor units, ISO 4217 digits, text) is shared/money.ts: the pages format money too, and
// renderer/ may import only shared/.
export { minorDigits, minorToText, formatMoney, moneyLocale, type MoneyStyle } from '../../shared/money';
