import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createWedgeDecoder, simulateWedgeKeys, LAYOUT_TABLES, type Layout, type WedgeKey, type WedgeResult } from './wedge';

const TOKEN = 'RDV1:6BFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3DSP/TLOOK+Q%8 :X';
const feed = (keys: WedgeKey[], d = createWedgeDecoder()) => keys.map((k) => d.key(k)).filter((r): r is WedgeResult => r !== null);
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

describe('keyboard-wedge decoder', () => {
  it('QWERTY scanner on an AZERTY kiosk: physical codes give the right characters', () => {
    const keys = simulateWedgeKeys(TOKEN, { scannerLayout: 'us', kioskLayout: 'fr' });
    // What the OS made of it is garbled: this is the problem being solved.
    const osText = keys
      .slice(0, -1)
      .map((k) => k.key)
      .join('');
    expect(osText.startsWith('RDV&M')).toBe(true);
    expect(feed(keys)).toEqual([{ kind: 'scan', text: TOKEN }]);
  });

  it('every base45 character survives every scanner/kiosk layout pair when configured right', () => {
    for (const scannerLayout of ['us', 'fr'] as Layout[]) {
      for (const kioskLayout of ['us', 'fr'] as Layout[]) {
        const text = 'RDV1:' + B45;
        expect(feed(simulateWedgeKeys(text, { scannerLayout, kioskLayout }), createWedgeDecoder({ scannerLayout }))).toEqual([{ kind: 'scan', text }]);
      }
    }
  });

  it('scanner set to AZERTY while the kiosk expects QWERTY: a clear layout mismatch', () => {
    const keys = simulateWedgeKeys(TOKEN, { scannerLayout: 'fr', kioskLayout: 'fr' });
    const [r] = feed(keys, createWedgeDecoder({ scannerLayout: 'us' }));
    expect(r).toMatchObject({ kind: 'layout-mismatch', configured: 'us', detected: 'fr', text: TOKEN });
    expect(r && 'message' in r && r.message).toMatch(/scanner layout mismatch.*FR.*US/);
  });

  it('and the other way: QWERTY scanner, decoder told AZERTY', () => {
    const [r] = feed(simulateWedgeKeys(TOKEN, { scannerLayout: 'us', kioskLayout: 'fr' }), createWedgeDecoder({ scannerLayout: 'fr' }));
    expect(r).toMatchObject({ kind: 'layout-mismatch', configured: 'fr', detected: 'us', text: TOKEN });
  });

  it('CapsLock on the kiosk does not change a scan (Shift state comes with each key)', () => {
    const keys = simulateWedgeKeys(TOKEN, { scannerLayout: 'us', kioskLayout: 'us' }).map((k) => ({
      ...k,
      key: k.key.length === 1 ? k.key.toLowerCase() : k.key,
    }));
    expect(feed(keys)).toEqual([{ kind: 'scan', text: TOKEN }]);
  });

  it('events without a physical code fall back to the OS layout mapping', () => {
    const keys = simulateWedgeKeys(TOKEN, { scannerLayout: 'us', kioskLayout: 'fr' }).map((k) => (k.code === 'Enter' ? k : { ...k, code: '' }));
    expect(feed(keys, createWedgeDecoder({ scannerLayout: 'us', kioskLayout: 'fr' }))).toEqual([{ kind: 'scan', text: TOKEN }]);
  });

  it('a person typing the fallback code is told apart from a scan', () => {
    const keys = simulateWedgeKeys('K7M2QX9PD', { scannerLayout: 'us', kioskLayout: 'us', gapMs: 180 });
    expect(feed(keys)).toEqual([{ kind: 'typed', text: 'K7M2QX9PD' }]);
  });

  it('a person typing with a correction', () => {
    const d = createWedgeDecoder();
    const k = (code: string, key: string, t: number): WedgeKey => ({ code, key, shiftKey: false, timeStamp: t });
    const out = [k('KeyA', 'a', 0), k('KeyB', 'b', 200), k('Backspace', 'Backspace', 400), k('KeyC', 'c', 600), k('Enter', 'Enter', 900)].map((e) => d.key(e));
    expect(out.filter(Boolean)).toEqual([{ kind: 'typed', text: 'ac' }]);
  });

  it('a scan right after some typed keys still comes out as a scan', () => {
    const person = simulateWedgeKeys('AB', { scannerLayout: 'us', kioskLayout: 'us', gapMs: 200, enter: false });
    const scan = simulateWedgeKeys(TOKEN, { scannerLayout: 'us', kioskLayout: 'us', start: 1000 });
    expect(feed([...person, ...scan])).toEqual([{ kind: 'scan', text: TOKEN }]);
  });

  it('a scanner without Enter suffix: the scan ends on idle', () => {
    const d = createWedgeDecoder();
    const keys = simulateWedgeKeys(TOKEN, { scannerLayout: 'us', kioskLayout: 'us', enter: false });
    expect(feed(keys, d)).toEqual([]);
    const lastT = keys[keys.length - 1]!.timeStamp;
    expect(d.idle(lastT + 10)).toBeNull();
    expect(d.idle(lastT + 100)).toEqual({ kind: 'scan', text: TOKEN });
  });

  it('the same scan twice within a second is one scan', () => {
    const d = createWedgeDecoder();
    const first = simulateWedgeKeys(TOKEN, { scannerLayout: 'us', kioskLayout: 'us', start: 0 });
    const again = simulateWedgeKeys(TOKEN, { scannerLayout: 'us', kioskLayout: 'us', start: 600 });
    const later = simulateWedgeKeys(TOKEN, { scannerLayout: 'us', kioskLayout: 'us', start: 2500 });
    expect(feed([...first, ...again, ...later], d)).toHaveLength(2);
  });

  it('a fast burst that is nothing we know is reported, not dropped silently', () => {
    const [r] = feed(simulateWedgeKeys('4006381333931', { scannerLayout: 'us', kioskLayout: 'us' }));
    expect(r).toMatchObject({ kind: 'unreadable', text: '4006381333931' });
  });

  it('modifier key events between characters do not break a burst', () => {
    const keys = simulateWedgeKeys(TOKEN, { scannerLayout: 'us', kioskLayout: 'fr' }).flatMap((k) =>
      k.shiftKey ? [{ code: 'ShiftLeft', key: 'Shift', shiftKey: true, timeStamp: k.timeStamp - 1 }, k] : [k],
    );
    expect(feed(keys)).toEqual([{ kind: 'scan', text: TOKEN }]);
  });

  it('property: any base45 token, any layout pair, scanner speed 1–20 ms', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...B45), minLength: 10, maxLength: 300 }),
        fc.constantFrom<Layout>('us', 'fr'),
        fc.constantFrom<Layout>('us', 'fr'),
        fc.integer({ min: 1, max: 20 }),
        (body, scannerLayout, kioskLayout, gapMs) => {
          const text = 'RDV1:' + body;
          expect(feed(simulateWedgeKeys(text, { scannerLayout, kioskLayout, gapMs }), createWedgeDecoder({ scannerLayout }))).toEqual([{ kind: 'scan', text }]);
        },
      ),
    );
  });

  it('the AZERTY table has the A/Q, Z/W and M swaps', () => {
    expect(LAYOUT_TABLES.fr.KeyQ).toEqual(['a', 'A']);
    expect(LAYOUT_TABLES.fr.KeyW).toEqual(['z', 'Z']);
    expect(LAYOUT_TABLES.fr.Semicolon).toEqual(['m', 'M']);
    expect(LAYOUT_TABLES.fr.KeyM).toEqual([',', '?']);
  });
});
