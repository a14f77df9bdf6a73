// Cuts a serial byte stream into codes. Bytes are split before text decoding, so a multi-byte character
// cut between two chunks is not garbled. Stray CR/LF around a code are dropped (a scanner set to CRLF on a
// kiosk configured for CR leaves an LF at the start of the next code).

export type Suffix = 'cr' | 'lf' | 'crlf' | 'none';
const CR = 0x0d;
const LF = 0x0a;
export const MAX_CODE_BYTES = 4096;

export interface SerialFramer {
  push(chunk: Uint8Array): string[];
  /** Takes whatever is buffered (used at the inter-character timeout). */
  takePending(): string | undefined;
  readonly pendingBytes: number;
}

const decoder = () => new TextDecoder('utf-8', { fatal: false });
const trimCrLf = (s: string) => s.replace(/^[\r\n]+|[\r\n]+$/g, '');

export function createSerialFramer(suffix: Suffix, maxBytes = MAX_CODE_BYTES): SerialFramer {
  let buf: number[] = [];
  const out: string[] = [];
  const finish = (bytes: number[]) => {
    const text = trimCrLf(decoder().decode(Uint8Array.from(bytes)));
    if (text.length > 0) out.push(text);
  };
  return {
    push(chunk) {
      out.length = 0;
      for (const b of chunk) {
        buf.push(b);
        const n = buf.length;
        const ended = (suffix === 'cr' && b === CR) || (suffix === 'lf' && b === LF) || (suffix === 'crlf' && b === LF && n >= 2 && buf[n - 2] === CR);
        if (ended) {
          finish(buf);
          buf = [];
        } else if (n > maxBytes) {
          // No suffix in sight: not a scanner talking our framing. Drop rather than grow without bound.
          buf = [];
        }
      }
      return [...out];
    },
    takePending() {
      if (buf.length === 0) return undefined;
      const text = trimCrLf(decoder().decode(Uint8Array.from(buf)));
      buf = [];
      return text.length > 0 ? text : undefined;
    },
    get pendingBytes() {
      return buf.length;
    },
  };
}

export function suffixBytes(suffix: Suffix): string {
  return { cr: '\r', lf: '\n', crlf: '\r\n', none: '' }[suffix];
}
