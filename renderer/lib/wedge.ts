// Keyboard-wedge scanner input, decoded in the kiosk page. A wedge scanner "types" the code as key presses.
// We read the PHYSICAL key (KeyboardEvent.code) plus Shift and map it through the layout the scanner is set
// to emulate, so a scanner set to QWERTY on a kiosk whose OS layout is AZERTY still gives the right
// characters (KeyboardEvent.key would give "&" for "1" and "M" for ":"); CapsLock does not matter either.
// A scan is told apart from a person typing by speed: a scanner's keys come a few milliseconds apart.
// If the burst only makes sense in ANOTHER layout, the result says "scanner layout mismatch" and which
// layout the scanner is really set to. Pure: no DOM access, the page feeds keydown events in.

export type Layout = 'us' | 'fr';
export const LAYOUTS: readonly Layout[] = ['us', 'fr'];

/** The fields of a KeyboardEvent (keydown) that the decoder reads. */
export interface WedgeKey {
  code: string;
  key: string;
  shiftKey: boolean;
  /** Milliseconds, any monotonic origin (event.timeStamp). */
  timeStamp: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

export type WedgeResult =
  | { kind: 'scan'; text: string }
  /** Slow keys: a person typing (e.g. the fallback code). Text as the OS layout gave it (event.key). */
  | { kind: 'typed'; text: string }
  | { kind: 'layout-mismatch'; configured: Layout; detected: Layout; text: string; message: string }
  | { kind: 'unreadable'; text: string; message: string };

export interface WedgeOptions {
  /** The keyboard layout the scanner is programmed to emulate. Default 'us' (most scanners' factory setting). */
  scannerLayout?: Layout;
  /** The kiosk OS layout; only used when an event carries no physical code. Default: the scanner layout. */
  kioskLayout?: Layout;
  /** Largest gap between two keys of one scan. Default 40 ms (scanners: 1–20 ms; people: 80 ms and more). */
  maxGapMs?: number;
  /** Fewer keys than this in a burst is a person. Default 8. */
  minLength?: number;
  /** What a correct scan looks like. Default: an appointment token "RDV1:" + base45. */
  accept?: (text: string) => boolean;
  /** The same scan again within this time is dropped. Default 1000 ms. */
  dedupeWindowMs?: number;
}

type Pair = readonly [string, string];
const letters = (swap: Record<string, string> = {}) =>
  Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c) => [`Key${swap[c] ?? c}`, [c.toLowerCase(), c] as Pair]));
const numpad: Record<string, Pair> = {
  ...Object.fromEntries([...'0123456789'].map((d) => [`Numpad${d}`, [d, d] as Pair])),
  NumpadAdd: ['+', '+'],
  NumpadSubtract: ['-', '-'],
  NumpadMultiply: ['*', '*'],
  NumpadDivide: ['/', '/'],
  NumpadDecimal: ['.', '.'],
};

/** Physical key → [unshifted, shifted] character, per layout (the characters a scanner can need). */
export const LAYOUT_TABLES: Record<Layout, Record<string, Pair>> = {
  us: {
    ...letters(),
    Digit1: ['1', '!'],
    Digit2: ['2', '@'],
    Digit3: ['3', '#'],
    Digit4: ['4', '$'],
    Digit5: ['5', '%'],
    Digit6: ['6', '^'],
    Digit7: ['7', '&'],
    Digit8: ['8', '*'],
    Digit9: ['9', '('],
    Digit0: ['0', ')'],
    Minus: ['-', '_'],
    Equal: ['=', '+'],
    BracketLeft: ['[', '{'],
    BracketRight: [']', '}'],
    Backslash: ['\\', '|'],
    Semicolon: [';', ':'],
    Quote: ["'", '"'],
    Backquote: ['`', '~'],
    Comma: [',', '<'],
    Period: ['.', '>'],
    Slash: ['/', '?'],
    Space: [' ', ' '],
    ...numpad,
  },
  // French AZERTY: A/Q and Z/W swapped, M right of L, digits on Shift.
  fr: {
    ...letters({ A: 'Q', Q: 'A', Z: 'W', W: 'Z' }),
    Semicolon: ['m', 'M'],
    Digit1: ['&', '1'],
    Digit2: ['é', '2'],
    Digit3: ['"', '3'],
    Digit4: ["'", '4'],
    Digit5: ['(', '5'],
    Digit6: ['-', '6'],
    Digit7: ['è', '7'],
    Digit8: ['_', '8'],
    Digit9: ['ç', '9'],
    Digit0: ['à', '0'],
    Minus: [')', '°'],
    Equal: ['=', '+'],
    BracketRight: ['$', '£'],
    Backslash: ['*', 'µ'],
    Quote: ['ù', '%'],
    KeyM: [',', '?'],
    Comma: [';', '.'],
    Period: [':', '/'],
    Slash: ['!', '§'],
    IntlBackslash: ['<', '>'],
    Space: [' ', ' '],
    ...numpad,
  },
};

const MODIFIERS = new Set(['ShiftLeft', 'ShiftRight', 'ControlLeft', 'ControlRight', 'AltLeft', 'AltRight', 'MetaLeft', 'MetaRight', 'CapsLock', 'NumLock']);
const ENTER = new Set(['Enter', 'NumpadEnter']);
const TOKEN_RE = /^RDV1:[0-9A-Z $%*+\-./:]+$/;

function charFor(layout: Layout, k: WedgeKey, kioskLayout: Layout): string | undefined {
  const table = LAYOUT_TABLES[layout];
  const pair = k.code ? table[k.code] : undefined;
  if (pair) return pair[k.shiftKey ? 1 : 0];
  if (!k.code && k.key.length === 1) {
    // No physical code (some remote-desktop and virtual keyboards): find the key from the OS layout.
    for (const [code, p] of Object.entries(LAYOUT_TABLES[kioskLayout])) {
      const i = p.indexOf(k.key);
      if (i >= 0) return table[code]?.[i];
    }
  }
  return undefined;
}

const decodeWith = (layout: Layout, keys: readonly WedgeKey[], kioskLayout: Layout): string | undefined => {
  let s = '';
  for (const k of keys) {
    const c = charFor(layout, k, kioskLayout);
    if (c === undefined) return undefined;
    s += c;
  }
  return s;
};

export interface WedgeDecoder {
  /** Feed every keydown. Returns a result when a scan or a typed entry is complete. */
  key(ev: WedgeKey): WedgeResult | null;
  /** Call when no key came for a while (scanners without an Enter suffix); `now` on the events' clock. */
  idle(now: number): WedgeResult | null;
}

export function createWedgeDecoder(o: WedgeOptions = {}): WedgeDecoder {
  const scannerLayout = o.scannerLayout ?? 'us';
  const kioskLayout = o.kioskLayout ?? scannerLayout;
  const maxGap = o.maxGapMs ?? 40;
  const minLength = o.minLength ?? 8;
  const accept = o.accept ?? ((t: string) => TOKEN_RE.test(t));
  const dedupeMs = o.dedupeWindowMs ?? 1000;
  let burst: WedgeKey[] = [];
  let typed = '';
  let last: { text: string; at: number } | undefined;

  const classify = (keys: WedgeKey[], at: number): WedgeResult | null => {
    const text = decodeWith(scannerLayout, keys, kioskLayout);
    if (text !== undefined && accept(text)) {
      const repeat = last !== undefined && last.text === text && at - last.at < dedupeMs;
      last = { text, at };
      return repeat ? null : { kind: 'scan', text };
    }
    for (const other of LAYOUTS) {
      if (other === scannerLayout) continue;
      const alt = decodeWith(other, keys, kioskLayout);
      if (alt !== undefined && accept(alt)) {
        return {
          kind: 'layout-mismatch',
          configured: scannerLayout,
          detected: other,
          text: alt,
          message:
            `scanner layout mismatch: the scanner types as ${other.toUpperCase()} but the kiosk expects ${scannerLayout.toUpperCase()}; ` +
            `program the scanner for ${scannerLayout.toUpperCase()} (or set the wedge layout to ${other.toUpperCase()})`,
        };
      }
    }
    const shown = text ?? keys.map((k) => k.key).join('');
    return { kind: 'unreadable', text: shown, message: 'a scanner read something that is not an appointment code in any known keyboard layout' };
  };

  const isBurst = (keys: WedgeKey[]) => keys.length >= minLength;

  /** Ends the current fast segment: a long enough one is a scan, a short one was a person. */
  const closeSegment = (at: number): WedgeResult | null => {
    const seg = burst;
    burst = [];
    if (seg.length === 0) return null;
    if (isBurst(seg)) {
      typed = '';
      return classify(seg, at);
    }
    typed += seg.map((k) => (k.key.length === 1 ? k.key : '')).join('');
    return null;
  };

  return {
    key(ev) {
      if (MODIFIERS.has(ev.code) || ev.ctrlKey || ev.metaKey) return null;
      const prev = burst[burst.length - 1];
      let early: WedgeResult | null = null;
      if (prev && ev.timeStamp - prev.timeStamp > maxGap) early = closeSegment(prev.timeStamp);
      if (ENTER.has(ev.code) || ev.key === 'Enter') {
        if (early) return early;
        if (isBurst(burst)) return closeSegment(ev.timeStamp);
        closeSegment(ev.timeStamp);
        const text = typed;
        typed = '';
        return text ? { kind: 'typed', text } : null;
      }
      if (ev.key === 'Backspace') {
        if (burst.length > 0) burst.pop();
        else typed = typed.slice(0, -1);
        return early;
      }
      burst.push(ev);
      return early;
    },
    idle(now) {
      const prev = burst[burst.length - 1];
      if (!prev || now - prev.timeStamp <= maxGap || !isBurst(burst)) return null;
      return closeSegment(now);
    },
  };
}

/**
 * The key events a wedge scanner produces for `text` when programmed for `scannerLayout`, as seen on a kiosk
 * whose OS layout is `kioskLayout` (event.key is what the OS makes of the physical key). For demos and tests.
 */
export function simulateWedgeKeys(
  text: string,
  o: { scannerLayout: Layout; kioskLayout: Layout; start?: number; gapMs?: number; enter?: boolean },
): WedgeKey[] {
  const inverse = new Map<string, { code: string; shift: boolean }>();
  for (const [code, [plain, shifted]] of Object.entries(LAYOUT_TABLES[o.scannerLayout])) {
    if (code.startsWith('Numpad')) continue;
    if (!inverse.has(plain)) inverse.set(plain, { code, shift: false });
    if (!inverse.has(shifted)) inverse.set(shifted, { code, shift: true });
  }
  const gap = o.gapMs ?? 4;
  let t = o.start ?? 0;
  const keys: WedgeKey[] = [...text].map((ch) => {
    const k = inverse.get(ch);
    if (!k) throw new Error(`a ${o.scannerLayout} scanner cannot type "${ch}"`);
    t += gap;
    const osKey = LAYOUT_TABLES[o.kioskLayout][k.code]?.[k.shift ? 1 : 0] ?? 'Unidentified';
    return { code: k.code, key: osKey, shiftKey: k.shift, timeStamp: t };
  });
  if (o.enter ?? true) keys.push({ code: 'Enter', key: 'Enter', shiftKey: false, timeStamp: t + gap });
  return keys;
}
