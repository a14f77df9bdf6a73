// Serial line settings. Card terminals use 9600 baud; Concert E+ 8N1 (USB-CDC) or 7E1 (native RS-232),
// ZVT 8N2. A pty ignores all of this, so the simulators pace themselves when asked to.

export type Parity = 'none' | 'even' | 'odd' | 'mark' | 'space';

export interface LineSettings {
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  parity: Parity;
  stopBits: 1 | 1.5 | 2;
}

export const LINE_8N1: LineSettings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };
export const LINE_7E1: LineSettings = { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 };
export const LINE_8N2: LineSettings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 2 };

/** Bits on the wire per byte: start bit + data bits + parity bit (if any) + stop bits. */
export function bitsPerByte(line: LineSettings): number {
  return 1 + line.dataBits + (line.parity === 'none' ? 0 : 1) + line.stopBits;
}

/** Milliseconds that `bytes` take on the wire with these settings. */
export function wireTimeMs(bytes: number, line: LineSettings): number {
  return (bytes * bitsPerByte(line) * 1000) / line.baudRate;
}

/** Parses "8N1", "7E1", "8N2" (case-insensitive) into data/parity/stop settings. */
export function parseFraming(text: string): Omit<LineSettings, 'baudRate'> | undefined {
  const m = /^([5-8])([NEOMS])(1|1\.5|2)$/i.exec(text.trim());
  if (!m) return undefined;
  const parity = ({ N: 'none', E: 'even', O: 'odd', M: 'mark', S: 'space' } as const)[m[2]!.toUpperCase() as 'N'];
  return { dataBits: Number(m[1]) as 5 | 6 | 7 | 8, parity, stopBits: Number(m[3]) as 1 | 1.5 | 2 };
}
