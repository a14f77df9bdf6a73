import { describe, expect, it } from 'vitest';
import { maskLines, maskPans, visitorCopy } from './index';

describe('PAN masking', () => {
  it('masks a full PAN to its last four digits, grouped or not', () => {
    expect(maskPans('VISA 4111111111111111')).toBe('VISA ************1111');
    expect(maskPans('PAN 5413 3300 8909 9130')).toBe('PAN **** **** **** 9130');
    expect(maskPans('AMEX 3782-822463-10005')).toBe('AMEX ****-******-*0005');
  });
  it('leaves masked PANs, amounts, dates, trace and terminal numbers alone', () => {
    const lines = ['Mastercard 541333******4111', 'AMOUNT 12,50 EUR', '02.12.2026 09:14', 'TID 52500001  TRACE 000042', 'AUTH 123456'];
    expect(maskLines(lines)).toEqual(lines);
  });
  it('masks every run in a line', () => {
    expect(maskPans('4000000000000002/4000000000000010')).toBe('************0002/************0010');
  });
});

describe('the visitor copy', () => {
  it('is the customer copy when the terminal marked one', () => {
    expect(
      visitorCopy([
        { copy: 'merchant', lines: ['M'] },
        { copy: 'customer', lines: ['C'] },
      ]),
    ).toEqual(['C']);
  });
  it('is everything unmarked otherwise, never a merchant or administration copy', () => {
    expect(
      visitorCopy([
        { copy: 'unspecified', lines: ['a'] },
        { copy: 'unspecified', lines: ['b'] },
        { copy: 'administration', lines: ['x'] },
      ]),
    ).toEqual(['a', 'b']);
    expect(visitorCopy([{ copy: 'merchant', lines: ['M'] }])).toEqual([]);
  });
});
