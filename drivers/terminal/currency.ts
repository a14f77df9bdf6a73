// The terminals' view of ISO 4217 is the program's one table (shared/currency.ts); kept as a module so the
// drivers import it from one place.
export { currencyAlpha, currencyNumeric } from '../../shared/currency';
export { minorToText, moneyText } from '../../shared/money';
