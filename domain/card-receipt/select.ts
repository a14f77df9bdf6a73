// Which of the terminal's receipts the visitor gets. The merchant copy stays in the journal (the kiosk is the
// merchant); an administration receipt is not the visitor's. Print lines carry no copy marker: when the
// terminal marked none, everything it sent is the receipt it would have printed itself, and the visitor gets it.
export type ReceiptCopy = 'customer' | 'merchant' | 'administration' | 'unspecified';

export interface StoredReceipt {
  copy: ReceiptCopy;
  lines: string[];
}

export function visitorCopy(receipts: readonly StoredReceipt[]): string[] {
  const customer = receipts.filter((r) => r.copy === 'customer');
  const chosen = customer.length ? customer : receipts.filter((r) => r.copy === 'unspecified');
  return chosen.flatMap((r) => r.lines);
}
