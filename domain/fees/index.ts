// Consular fees: dirham schedule × persons × chancery rate, in integer minor units of the local currency.
export { quoteFee, convertToMinor } from './fee';
export type { FeeFailure, FeeLine, FeeQuote, FeeRequest, FeeResult, FeeScheduleEntry } from './fee';
export { minorDigits } from './currency';
export { parseDecimal, decimalToString, divRoundHalfUp } from './decimal';
export type { Decimal, DecimalResult } from './decimal';
export { formatMoney, minorToDecimalString } from './format';
