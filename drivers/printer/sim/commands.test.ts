import { describe, expect, it } from 'vitest';
import { parseCommand } from './commands';

describe('parseCommand', () => {
  it('answers text and line feeds with commands made once, which nobody can change', () => {
    const a = parseCommand(Uint8Array.from(Buffer.from('AB\n', 'latin1')), 0);
    const again = parseCommand(Uint8Array.of(0x1b, 0x41), 1);
    expect(a).toEqual({ cmd: { type: 'text', byte: 0x41 }, length: 1 });
    expect(again).toBe(a);
    expect(Object.isFrozen(a) && a !== 'incomplete' && Object.isFrozen(a.cmd)).toBe(true);
    const lf = parseCommand(Uint8Array.of(0x0a), 0);
    expect(lf).toEqual({ cmd: { type: 'lf' }, length: 1 });
    expect(parseCommand(Uint8Array.of(0x41, 0x0a), 1)).toBe(lf);
    expect(parseCommand(Uint8Array.of(0xe9), 0)).toEqual({ cmd: { type: 'text', byte: 0xe9 }, length: 1 });
  });
});
