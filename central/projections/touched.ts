// The rows of a chunk's operations that the trends' day totals count (issue 16; central/db/day-totals.ts): tickets
// issued or served / not shown, and payments whose state or quote the chunk wrote. Their days are read from the
// projected rows after the chunk's writes, so an event on an old day updates that day, whatever day it arrives.
import type { Op } from './ops';

export function touchedRows(ops: Iterable<Op>): { tickets: string[]; payments: string[] } {
  const tickets = new Set<string>();
  const payments = new Set<string>();
  for (const o of ops)
    switch (o.op) {
      case 'ticket-issued':
        tickets.add(o.ticketId);
        break;
      case 'ticket-state':
        if (o.served || o.noShow) tickets.add(o.ticketId);
        break;
      case 'payment-intent':
      case 'payment-state':
      case 'payment-quote':
        payments.add(o.paymentId);
        break;
    }
  return { tickets: [...tickets], payments: [...payments] };
}
