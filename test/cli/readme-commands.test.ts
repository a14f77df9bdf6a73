// The README command parser of readme-cli.test.ts: a value put in a placeholder's place is never itself
// taken for an unknown placeholder (a random payment id made only of capitals made the suite flaky).
import { describe, expect, it } from 'vitest';
import { fill } from './readme-commands';

describe('fill', () => {
  it('accepts an all-capitals value put in for a placeholder', () => {
    expect(fill(['kiosk', 'payments', 'settle', 'ID'], () => 'PDKRZMCEYB')).toEqual(['kiosk', 'payments', 'settle', 'PDKRZMCEYB']);
  });

  it('still names a capitalised README word that is no known placeholder', () => {
    expect(() => fill(['kiosk', 'frob', 'WIDGET'], () => 'x')).toThrow(/README placeholder WIDGET/);
  });
});
