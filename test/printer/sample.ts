// A known bilingual ticket and receipt used by the printer tests and the benchmark.
import type { ReceiptContent, TicketContent } from '../../domain/ticket/content';

export const TICKET_ID = 'tkt_01HY3Z7Q4M2N8P';

export const sampleTicket: TicketContent = {
  consulateName: { ar: 'القنصلية العامة للمملكة المغربية بباريس', fr: 'Consulat général du Royaume du Maroc à Paris' },
  number: 'A-023',
  serviceName: { ar: 'جواز السفر', fr: 'Passeport', en: 'Passport' },
  language: 'fr',
  issuedAt: { at: new Date('2025-05-12T08:32:00Z'), timeZone: 'Europe/Paris' },
  persons: 2,
  estimatedWaitMinutes: 25,
  qrPayload: TICKET_ID,
};

export const sampleReceipt: ReceiptContent = {
  ...sampleTicket,
  fees: [
    { label: 'Passeport', amountMinor: 7800 },
    { label: 'Frais de dossier', amountMinor: 800 },
  ],
  totalMinor: 8600,
  currency: 'EUR',
  eTimbreReference: 'ET-2025-000123',
  authCode: '123456',
  maskedPan: '**** **** **** 1234',
  terminalReceiptLines: ['CARTE BANCAIRE', 'SANS CONTACT', 'A0000000421010', 'MONTANT 86,00 EUR', 'DEBIT'],
};
