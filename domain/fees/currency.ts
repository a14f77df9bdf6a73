// Minor units come from the program's one ISO 4217 table (shared/currency.ts), never from Intl: the digits
// must not change with the ICU build of the Node that runs the kiosk.
export { minorDigits, isKnownCurrency } from '../../shared/currency';
