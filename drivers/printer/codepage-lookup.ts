// The code-page library, without its per-character cost. CodepageEncoder.getEncoding returns a
// structuredClone of a 256-entry table on every call, and encode()/autoEncode() call it for every
// character and every candidate page, then search the table with findIndex: 14 % of the daemon's CPU on a
// visit even after the tables of codepages.ts, because a line with "€", "—" or a capital like "À" still goes
// through the receipt encoder's 'auto' (issue 14). The receipt encoder imports this same CodepageEncoder
// class, so its static methods are replaced once per process with versions that give the same results:
// - getEncoding: the library's own answer, computed once per name and deep-frozen (a caller that tried to
//   change it would throw instead of corrupting the next caller's table; the library only reads it);
// - encode/autoEncode: the library's algorithms line for line, with each table's "first index of a code
//   point" (what findIndex returns) read from a Map built once.
// test/printer/codepage-lookup.test.ts compares them with the originals on random text for every page and
// every model's candidate list; test/printer/byte-identity.test.ts runs its reference with the originals.
import CodepageEncoder, { type AutoEncodeFragment, type Codepage, type CodepageEncoding } from '@point-of-sale/codepage-encoder';

type Methods = Pick<typeof CodepageEncoder, 'getEncoding' | 'encode' | 'autoEncode'>;

// The library's methods call each other through `this`, and getCodepoints changes the table getEncoding
// gives it for a page that extends another: they run on an object holding only the originals, never on a
// frozen table of ours.
const library = {
  getEncoding: CodepageEncoder.getEncoding,
  getCodepoints: CodepageEncoder.getCodepoints,
  encode: CodepageEncoder.encode,
  autoEncode: CodepageEncoder.autoEncode,
};

/** The library's own methods, kept for the tests and the bench that compare with them. */
export const libraryMethods: Methods = {
  getEncoding: (codepage) => library.getEncoding(codepage),
  encode: (input, codepage) => library.encode(input, codepage),
  autoEncode: (input, candidates) => library.autoEncode(input, candidates),
};

const QUESTION = 0x3f;
const definitions = new Map<string, CodepageEncoding>();
const positions = new Map<string, Map<number, number>>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function getEncoding(codepage: Codepage): CodepageEncoding {
  let d = definitions.get(codepage);
  if (!d) {
    d = deepFreeze(library.getEncoding(codepage));
    definitions.set(codepage, d);
  }
  return d;
}

/** Code point → the first index holding it in the page's table: findIndex((i) => i === codepoint). */
function positionsOf(codepage: Codepage): Map<number, number> {
  let map = positions.get(codepage);
  if (!map) {
    map = new Map();
    const points = getEncoding(codepage).codepoints;
    for (let i = 0; i < points.length; i++) if (!map.has(points[i]!)) map.set(points[i]!, i);
    positions.set(codepage, map);
  }
  return map;
}

function encode(input: string, codepage: Codepage): Uint8Array {
  const output = new Uint8Array(input.length);
  const table = positionsOf(codepage);
  // The library walks UTF-16 units and reads codePointAt at each: a pair gives its code point, then its low half.
  for (let c = 0; c < input.length; c++) output[c] = table.get(input.codePointAt(c)!) ?? QUESTION;
  return output;
}

function autoEncode(input: string, candidates: Codepage[]): AutoEncodeFragment[] {
  const fragments: Array<{ codepage: Codepage; bytes: number[] }> = [];
  const tables = candidates.map(positionsOf);
  let current: Codepage | undefined;
  let currentTable: Map<number, number> | undefined;
  for (let c = 0; c < input.length; c++) {
    const codepoint = input.codePointAt(c)!;
    let available: Codepage | undefined;
    let char: number | undefined;
    // The page in use is kept while it has the character; otherwise the first candidate that has it.
    if (currentTable) {
      char = currentTable.get(codepoint);
      if (char !== undefined) available = current;
    }
    if (available === undefined) {
      for (let i = 0; i < candidates.length; i++) {
        char = tables[i]!.get(codepoint);
        if (char !== undefined) {
          available = candidates[i]!;
          break;
        }
      }
    }
    if (available === undefined) {
      available = current ?? candidates[0]!;
      char = QUESTION;
    }
    if (current !== available) {
      fragments.push({ codepage: available, bytes: [] });
      current = available;
      currentTable = positionsOf(available);
    }
    fragments[fragments.length - 1]!.bytes.push(char!);
  }
  return fragments.map((f) => ({ codepage: f.codepage, bytes: new Uint8Array(f.bytes) }));
}

const fast: Methods = { getEncoding, encode, autoEncode };

function install(methods: Methods): void {
  CodepageEncoder.getEncoding = methods.getEncoding;
  CodepageEncoder.encode = methods.encode;
  CodepageEncoder.autoEncode = methods.autoEncode;
}

install(fast);

/** Runs `fn` with the library's own methods in place (the reference path of tests and benches), then puts ours back. */
export function withLibraryMethods<T>(fn: () => T): T {
  install(libraryMethods);
  try {
    return fn();
  } finally {
    install(fast);
  }
}
