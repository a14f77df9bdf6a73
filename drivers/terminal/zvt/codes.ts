// ZVT code tables: intermediate status (04 FF), result/error codes (BMP 27, 06 1E, 84 xx 00),
// terminal status (05 01 completion).
import type { PayProgress } from '../types';
import { hex } from '../../bytes';

const INTERMEDIATE: Record<number, [PayProgress['code'], string]> = {
  0x00: ['processing', 'Waiting for amount confirmation'],
  0x01: ['enter-pin', 'Please watch the PIN pad'],
  0x02: ['enter-pin', 'Please watch the PIN pad'],
  0x03: ['other', 'Not accepted'],
  0x04: ['processing', 'Waiting for the bank'],
  0x05: ['processing', 'Sending auto-reversal'],
  0x06: ['processing', 'Sending post-bookings'],
  0x07: ['other', 'Card not admitted'],
  0x08: ['other', 'Card unknown'],
  0x09: ['other', 'Expired card'],
  0x0a: ['insert-card', 'Insert card'],
  0x0b: ['remove-card', 'Please remove card'],
  0x0c: ['other', 'Card not readable'],
  0x0d: ['other', 'Processing error'],
  0x0e: ['please-wait', 'Please wait'],
  0x0f: ['processing', 'Automatic end-of-day batch'],
  0x10: ['other', 'Invalid card'],
  0x12: ['other', 'System malfunction'],
  0x13: ['other', 'Payment not possible'],
  0x14: ['other', 'Credit not sufficient'],
  0x15: ['enter-pin', 'Incorrect PIN'],
  0x16: ['other', 'Limit not sufficient'],
  0x17: ['please-wait', 'Please wait'],
  0x18: ['other', 'PIN try limit exceeded'],
  0x19: ['other', 'Card data incorrect'],
  0x1c: ['processing', 'Approved'],
  0x1d: ['other', 'Declined'],
  0x2c: ['processing', 'Application selection'],
  0x41: ['enter-pin', 'Please watch the PIN pad, please remove card'],
  0x4b: ['remove-card', 'Please remove card'],
  0x68: ['processing', 'Card inserted'],
};

export function intermediateStatus(code: number): PayProgress {
  const known = INTERMEDIATE[code];
  return known ? { code: known[0], text: known[1] } : { code: 'other', text: `Terminal status ${hex(code)}` };
}

const RESULT: Record<number, string> = {
  0x00: 'no error',
  0x05: 'declined by the card issuer',
  0x64: 'card not readable',
  0x65: 'card data not present',
  0x66: 'processing error',
  0x6a: 'turnover file full',
  0x6b: 'function deactivated (terminal not registered)',
  0x6c: 'aborted (timeout or abort key)',
  0x6e: 'card in blocked list',
  0x6f: 'wrong currency',
  0x71: 'credit not sufficient',
  0x72: 'chip error',
  0x73: 'card data incorrect',
  0x77: 'end-of-day batch not possible',
  0x78: 'card expired',
  0x79: 'card not yet valid',
  0x7a: 'card unknown',
  0x7d: 'communication error',
  0x83: 'function not possible',
  0x9a: 'ZVT protocol error',
  0x9b: 'error from dial-up / communication fault',
  0x9c: 'please wait',
  0xa0: 'receiver not ready',
  0xa1: 'remote station does not respond',
  0xa3: 'no connection',
  0xb4: 'already reversed',
  0xb5: 'reversal not possible',
  0xc2: 'diagnosis required',
  0xc3: 'maximum amount exceeded',
  0xc5: 'payment method not supported',
  0xc6: 'currency not applicable',
  0xcc: 'printer not ready',
  0xdc: 'card inserted',
  0xdf: 'out of order',
  0xe4: 'terminal activation required',
  0xff: 'system error',
};

export function resultText(code: number): string {
  if (RESULT[code]) return `${RESULT[code]} (${hex(code)})`;
  if (code >= 0x01 && code <= 0x63) return `refused by the authorisation system, code ${code} (${hex(code)})`;
  return `error ${hex(code)}`;
}

/** Codes that mean the card or issuer said no, as opposed to the transaction not being carried out. */
export function isDecline(code: number): boolean {
  return (code >= 0x01 && code <= 0x63) || [0x6e, 0x71, 0x78, 0x79, 0x7a, 0xc3].includes(code);
}

export const TERMINAL_STATUS: Record<number, string> = {
  0x00: 'ready',
  0x51: 'initialisation required (register the cash register)',
  0xdc: 'card inserted',
  0xdf: 'out of order',
};
