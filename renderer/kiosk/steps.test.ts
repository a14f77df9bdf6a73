import { describe, expect, it } from 'vitest';
import { stepOf, stepsOf } from './steps';
import type { CheckinView } from '../../shared/checkin-api';

type Visit = CheckinView['visit'];
const visit = (v: Partial<Visit> = {}): Visit => ({ ticket: null, payment: null, quote: null, ...v }) as Visit;
const quote = (payable: boolean) => ({ payable }) as NonNullable<Visit['quote']>;

describe('the step of each kiosk screen', () => {
  it('follows a visit from the language to the ticket', () => {
    const at = (screen: string) => stepOf({ screen, visit: visit() });
    expect(['attract', 'language', 'identify.scan.active', 'identify.walkIn', 'verifying', 'summary', 'printerCheck'].map(at)).toEqual([
      'language',
      'language',
      'identify',
      'identify',
      'identify',
      'summary',
      'summary',
    ]);
    expect(['issuingETimbre', 'paying.inProgress', 'paymentFailed', 'printing.ticket', 'done', 'printFailed'].map(at)).toEqual([
      'payment',
      'payment',
      'payment',
      'ticket',
      'ticket',
      'ticket',
    ]);
  });

  it('shows no step while no visitor is served', () => {
    expect(stepOf({ screen: 'boot', visit: visit() })).toBeNull();
    expect(stepOf({ screen: 'resumePending', visit: visit() })).toBeNull();
  });

  it('keeps an error screen in the step the visit had reached', () => {
    expect(stepOf({ screen: 'error', visit: visit() })).toBe('identify');
    expect(stepOf({ screen: 'error', visit: visit({ quote: quote(true) }) })).toBe('summary');
    expect(stepOf({ screen: 'error', visit: visit({ quote: quote(true), payment: {} as Visit['payment'] }) })).toBe('payment');
    expect(stepOf({ screen: 'error', visit: visit({ ticket: {} as Visit['ticket'] }) })).toBe('ticket');
  });

  it('leaves the payment step out of a free visit', () => {
    expect(stepsOf({ visit: visit({ quote: quote(false) }) })).toEqual(['language', 'identify', 'summary', 'ticket']);
    expect(stepsOf({ visit: visit({ quote: quote(true) }) })).toEqual(['language', 'identify', 'summary', 'payment', 'ticket']);
    expect(stepsOf({ visit: visit() })).toHaveLength(5);
  });
});
