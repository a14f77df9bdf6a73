// The card receipt: PAN masking (retention) and which copy the visitor gets.
export { maskLines, maskPans } from './mask';
export { visitorCopy, type ReceiptCopy, type StoredReceipt } from './select';
