import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSerialFramer, suffixBytes, type Suffix } from './serial-framer';

const enc = (s: string) => new TextEncoder().encode(s);

describe('serial framer', () => {
  it.each<[Suffix, string]>([
    ['cr', 'ABC\rDEF\r'],
    ['lf', 'ABC\nDEF\n'],
    ['crlf', 'ABC\r\nDEF\r\n'],
  ])('%s suffix', (suffix, wire) => {
    expect(createSerialFramer(suffix).push(enc(wire))).toEqual(['ABC', 'DEF']);
  });
  it('CRLF split between two chunks', () => {
    const f = createSerialFramer('crlf');
    expect(f.push(enc('ABC\r'))).toEqual([]);
    expect(f.push(enc('\nDEF'))).toEqual(['ABC']);
    expect(f.pendingBytes).toBe(3);
  });
  it('a scanner sending CRLF on a kiosk set to CR: the stray LF is dropped', () => {
    expect(createSerialFramer('cr').push(enc('ABC\r\nDEF\r\n'))).toEqual(['ABC', 'DEF']);
  });
  it('a CR inside a CRLF-framed code does not end it early', () => {
    expect(createSerialFramer('crlf').push(enc('A\rB\r\n'))).toEqual(['A\rB']);
  });
  it('a UTF-8 character cut between chunks survives', () => {
    const f = createSerialFramer('cr');
    const b = enc('é\r');
    expect([...f.push(b.subarray(0, 1)), ...f.push(b.subarray(1))]).toEqual(['é']);
  });
  it('no suffix: the code is taken at the timeout', () => {
    const f = createSerialFramer('none');
    expect(f.push(enc('RDV1:XYZ'))).toEqual([]);
    expect(f.takePending()).toBe('RDV1:XYZ');
    expect(f.takePending()).toBeUndefined();
  });
  it('endless bytes without a suffix are dropped, not buffered forever', () => {
    const f = createSerialFramer('cr', 100);
    f.push(new Uint8Array(250).fill(0x41));
    expect(f.pendingBytes).toBeLessThanOrEqual(100);
  });
  it('property: any chunking of a stream gives the same codes', () => {
    const code = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'), minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(
        fc.constantFrom<Suffix>('cr', 'lf', 'crlf'),
        fc.array(code, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 40 })),
        (suffix, codes, cuts) => {
          const wire = enc(codes.map((c) => c + suffixBytes(suffix)).join(''));
          const f = createSerialFramer(suffix);
          const got: string[] = [];
          let i = 0;
          for (const n of cuts) {
            got.push(...f.push(wire.subarray(i, i + n)));
            i += n;
          }
          got.push(...f.push(wire.subarray(i)));
          expect(got).toEqual(codes);
        },
      ),
    );
  });
});
